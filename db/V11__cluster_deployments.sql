-- Deployments defined by a Kubernetes cluster. `managed_by` names the Kubernetes agent (the cluster,
-- by name, not by id: an operator that restarts registers again under a new id with the same name)
-- whose heartbeat reports the deployment; only that report changes or deletes it, never the REST
-- API. `reported_image` is the image reference as the cluster last reported it, so an unchanged
-- report is not resolved in the registry again (the revision's image may differ from it when a new
-- reference resolved to the same digest).

ALTER TABLE deployment ADD COLUMN managed_by TEXT;
ALTER TABLE deployment ADD COLUMN reported_image TEXT;

CREATE INDEX deployment_managed_by ON deployment (managed_by) WHERE managed_by IS NOT NULL;
