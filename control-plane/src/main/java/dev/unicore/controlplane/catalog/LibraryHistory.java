package dev.unicore.controlplane.catalog;

import java.util.List;

/**
 * A library with its history and its dependents.
 *
 * @param latest its newest version
 * @param versions every version, oldest first
 * @param dependents the libraries whose newest version requires it or an API it provides
 */
public record LibraryHistory(CatalogEntry latest, List<String> versions, List<String> dependents) {}
