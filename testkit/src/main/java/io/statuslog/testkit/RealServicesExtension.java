package io.statuslog.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test (constructor, lifecycle method or test method parameter) the JVM's {@link
 * RealServices}: {@code @ExtendWith(RealServicesExtension.class)}.
 */
public final class RealServicesExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealServices.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return RealServices.get();
  }
}
