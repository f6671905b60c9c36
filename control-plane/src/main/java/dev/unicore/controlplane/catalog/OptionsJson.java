package dev.unicore.controlplane.catalog;

import dev.unicore.resolver.manifest.OptionSpec;
import dev.unicore.resolver.manifest.OptionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Options of a manifest as the JSON kept in {@code library_version.options}, and back. Values keep
 * their manifest types: booleans, 64-bit integers, strings.
 */
final class OptionsJson {
  private static final TypeReference<List<Map<String, Object>>> LIST_OF_OBJECTS =
      new TypeReference<>() {};

  private final JsonMapper mapper;

  OptionsJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  String write(Map<String, OptionSpec> options) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (OptionSpec option : options.values()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", option.name());
      entry.put("type", option.type().tomlName());
      entry.put("default", option.defaultValue());
      entry.put("min", option.min());
      entry.put("max", option.max());
      entry.put("choices", option.choices());
      entry.put("help", option.help());
      list.add(entry);
    }
    return mapper.writeValueAsString(list);
  }

  Map<String, OptionSpec> read(String json) {
    Map<String, OptionSpec> options = new LinkedHashMap<>();
    for (Map<String, Object> entry : mapper.readValue(json, LIST_OF_OBJECTS)) {
      OptionType type = OptionType.valueOf(((String) entry.get("type")).toUpperCase(Locale.ROOT));
      Object defaultValue = entry.get("default");
      if (type == OptionType.INT) {
        defaultValue = ((Number) defaultValue).longValue();
      }
      @SuppressWarnings("unchecked")
      List<String> choices = (List<String>) entry.get("choices");
      OptionSpec spec =
          new OptionSpec(
              (String) entry.get("name"),
              type,
              defaultValue,
              asLong(entry.get("min")),
              asLong(entry.get("max")),
              choices,
              (String) entry.get("help"));
      options.put(spec.name(), spec);
    }
    return options;
  }

  private static Long asLong(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }
}
