{{/*
Names, labels, images and generated secrets shared by every template. Components are named
<fullname>-<component> (control-plane, registry, builder-worker, operator, postgresql), and every
object carries the app.kubernetes.io/* labels plus helm.sh/chart.
*/}}

{{/* The chart's name, overridable with nameOverride. */}}
{{- define "unicore.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The prefix of every object's name: the release name, with the chart's name appended unless the
release name already contains it. Kept to 40 characters so "<fullname>-builder-worker-<hash>"
Pod names stay within DNS limits.
*/}}
{{- define "unicore.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "unicore-0.1.0", the value of helm.sh/chart. */}}
{{- define "unicore.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels a component's Pods are selected by; call with (dict "context" $ "component" "x"). */}}
{{- define "unicore.selectorLabels" -}}
app.kubernetes.io/name: {{ include "unicore.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every object's labels; call with (dict "context" $ "component" "x"). */}}
{{- define "unicore.labels" -}}
helm.sh/chart: {{ include "unicore.chart" .context }}
{{ include "unicore.selectorLabels" . }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: unicore
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
A component's image: <image.registry>/<repository>:<tag>; call with
(dict "context" $ "image" .Values.controlPlane.image). The tag defaults to image.tag, then to
the chart's appVersion.
*/}}
{{- define "unicore.image" -}}
{{- $registry := .context.Values.image.registry -}}
{{- $tag := .image.tag | default .context.Values.image.tag | default .context.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
A generated secret value, base64-encoded for a Secret's data: the value already stored under
.key in the Secret .secret of the release namespace (so upgrades keep it), else .length random
letters and digits. `lookup` sees the cluster only when Helm talks to one (install, upgrade,
--dry-run=server); a plain `helm template` generates new values every time.
*/}}
{{- define "unicore.generatedValue" -}}
{{- $existing := lookup "v1" "Secret" .context.Release.Namespace .secret -}}
{{- $data := dict -}}
{{- if $existing -}}
{{- $data = $existing.data | default dict -}}
{{- end -}}
{{- if hasKey $data .key -}}
{{- index $data .key -}}
{{- else -}}
{{- randAlphaNum (.length | default 40) | b64enc -}}
{{- end -}}
{{- end -}}

{{/* Names of the Secrets and Services other templates refer to. */}}
{{- define "unicore.tokensSecretName" -}}
{{- .Values.auth.existingSecret | default (printf "%s-tokens" (include "unicore.fullname" .)) -}}
{{- end -}}

{{- define "unicore.registrySecretName" -}}
{{- .Values.registry.auth.existingSecret | default (printf "%s-registry-credentials" (include "unicore.fullname" .)) -}}
{{- end -}}

{{- define "unicore.postgresqlSecretName" -}}
{{- printf "%s-postgresql" (include "unicore.fullname" .) -}}
{{- end -}}

{{- define "unicore.registryUrl" -}}
{{- printf "http://%s-registry:%d" (include "unicore.fullname" .) (int .Values.registry.service.port) -}}
{{- end -}}

{{- define "unicore.controlPlaneUrl" -}}
{{- printf "http://%s-control-plane:%d" (include "unicore.fullname" .) (int .Values.controlPlane.service.port) -}}
{{- end -}}

{{/*
The HorizontalPodAutoscaler API: autoscaling/v2 where the cluster serves it (Kubernetes 1.23 on),
autoscaling/v2beta2 before (removed in 1.26). Both conditions are needed: against a cluster, Helm
learns the served versions by discovery, but an offline `helm template` claims every version its
client library knows and only --kube-version says which cluster it renders for.
*/}}
{{- define "unicore.hpaApiVersion" -}}
{{- if and (.Capabilities.APIVersions.Has "autoscaling/v2") (semverCompare ">=1.23-0" .Capabilities.KubeVersion.Version) -}}
autoscaling/v2
{{- else -}}
autoscaling/v2beta2
{{- end -}}
{{- end -}}

{{/*
Checks of values; each stops rendering with a message that names the value to fix.
values.schema.json states the same requirements of single values (so that `helm lint`, which
runs `fail` leniently, catches them too); these remain for rules that compare two values and for
installs with --skip-schema-validation.
*/}}
{{- define "unicore.validate" -}}
{{- if .Values.postgresql.external.enabled -}}
{{- if not .Values.postgresql.external.url -}}
{{- fail "postgresql.external.enabled=true needs postgresql.external.url (a JDBC URL such as jdbc:postgresql://db.example.com:5432/unicore)" -}}
{{- end -}}
{{- if not (hasPrefix "jdbc:postgresql://" .Values.postgresql.external.url) -}}
{{- fail (printf "postgresql.external.url must be a JDBC URL starting with jdbc:postgresql:// (got %q)" .Values.postgresql.external.url) -}}
{{- end -}}
{{- if not .Values.postgresql.external.existingSecret -}}
{{- fail "postgresql.external.enabled=true needs postgresql.external.existingSecret (a Secret holding the database password under postgresql.external.existingSecretPasswordKey)" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.builderWorker.autoscaling.enabled (lt (int .Values.builderWorker.autoscaling.maxReplicas) (int .Values.builderWorker.autoscaling.minReplicas)) -}}
{{- fail "builderWorker.autoscaling.maxReplicas must be at least builderWorker.autoscaling.minReplicas" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) -}}
{{- fail "ingress.enabled=true needs ingress.host" -}}
{{- end -}}
{{- end -}}
