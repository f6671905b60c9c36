/**
 * The REST contract: interfaces and models generated from {@code openapi/unicore.yaml} into
 * target/generated-sources (never edited, never committed). Every feature module implements its
 * interfaces and maps to its models, so this module is open: its model subpackage is part of its
 * API.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.unicore.controlplane.api;

import org.springframework.modulith.ApplicationModule;
