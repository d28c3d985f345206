package dev.pipeline.processor.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Handles on the package-private code the benchmarks measure ({@code run.SortKey},
 * {@code run.StoredProduct.encode}, {@code report.PriceSpill}), so the benchmarks can live in
 * their own package without widening the production code's visibility. Held in static finals, a
 * handle is a constant to the JIT and {@code invokeExact} is inlined like a direct call.
 */
final class Internals {

    private Internals() {
    }

    static MethodHandle staticMethod(String className, String name, MethodType type) {
        try {
            Class<?> owner = Class.forName(className);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findStatic(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the benchmark no longer matches " + className + "." + name + type
                    + ": update it with the code it measures", e);
        }
    }

    static MethodHandle virtualMethod(String className, String name, MethodType type) {
        try {
            Class<?> owner = Class.forName(className);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVirtual(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the benchmark no longer matches " + className + "." + name + type
                    + ": update it with the code it measures", e);
        }
    }

    static MethodHandle constructor(String className, MethodType type) {
        try {
            Class<?> owner = Class.forName(className);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findConstructor(owner, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the benchmark no longer matches the constructor " + className + type
                    + ": update it with the code it measures", e);
        }
    }
}
