package dev.unicore.controlplane.catalog;

/**
 * What the list route filters on; a null field matches everything.
 *
 * @param category the library's category
 * @param platform a platform it supports
 * @param architecture an architecture it supports
 * @param provides an API it provides
 * @param text text in its name or summary, case-insensitive
 */
public record LibraryFilter(
    String category, String platform, String architecture, String provides, String text) {}
