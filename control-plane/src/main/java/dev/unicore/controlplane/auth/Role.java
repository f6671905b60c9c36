package dev.unicore.controlplane.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do. Admin may do everything; worker and agent speak their own protocols. */
public enum Role {
  ADMIN,
  DEVELOPER,
  VIEWER,
  WORKER,
  AGENT;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromApiName(String name) {
    return Arrays.stream(values()).filter(role -> role.apiName().equals(name)).findFirst();
  }
}
