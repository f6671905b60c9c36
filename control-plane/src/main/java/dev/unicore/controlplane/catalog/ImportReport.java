package dev.unicore.controlplane.catalog;

import java.util.List;

/**
 * What a catalog import changed.
 *
 * @param created libraries seen for the first time
 * @param newVersions changed manifests, as {@code name@version}
 * @param unchanged libraries whose manifest was already the newest version
 */
public record ImportReport(
    List<String> created, List<String> newVersions, List<String> unchanged) {}
