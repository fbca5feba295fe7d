package io.entrarenewal.core.service;

import java.lang.reflect.Proxy;

/**
 * Stands in for a port an embedding tool did not provide, so that a tool that only renews
 * secrets need not invent a certificate authority. Any use fails at once with a message that
 * names the missing port and how to provide it.
 */
final class Absent {

  private Absent() {}

  /** A stand-in for {@code port} whose every method throws {@link IllegalStateException}. */
  static <T> T port(Class<T> port, String builderMethod) {
    String message = "no " + port.getSimpleName() + " was given to Renewals.builder(); this use "
        + "needs one: call ." + builderMethod + "(...)";
    Object stand = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
        (proxy, method, args) -> switch (method.getName()) {
          case "toString" -> "absent " + port.getSimpleName();
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new IllegalStateException(message);
        });
    return port.cast(stand);
  }

  /** Whether {@code port} is such a stand-in. */
  static boolean isAbsent(Object port) {
    return Proxy.isProxyClass(port.getClass()) && port.toString().startsWith("absent ");
  }
}
