package io.runlens.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.runlens.temporal.TemporalClient;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

/**
 * The Runlens classes Jackson meets when it writes an answer or reads a request body, each of which a
 * native image must register for reflection (Jackson finds record components, accessors, constructors
 * and annotations such as {@code @JsonValue}, {@code @JsonNaming} and {@code @PayloadValue} by reflection).
 *
 * <p>Roots: the return types and body parameters of the resource methods, the return types of the
 * exception mappers ({@code @ServerExceptionMapper}), and every class the OpenAPI annotations name as a body ({@code @APIResponse}, {@code @RequestBody}
 * and the document's components, where {@code RunlensApi} lists the problem body and the stream events'
 * data, since an SSE response's schema is text and most resources answer a {@code Response}). From each
 * root the walk follows record components, public fields and getters, and type arguments (lists,
 * optionals, maps). A class that writes itself ({@link JsonSerializable}) and an enum are required
 * but not walked. JDK types and Jackson's trees are Jackson's own business.
 */
final class JacksonReflection {

    private static final List<Class<? extends Annotation>> NOT_A_BODY = List.of(
            jakarta.ws.rs.PathParam.class,
            jakarta.ws.rs.QueryParam.class,
            jakarta.ws.rs.HeaderParam.class,
            jakarta.ws.rs.CookieParam.class,
            jakarta.ws.rs.FormParam.class,
            jakarta.ws.rs.MatrixParam.class,
            jakarta.ws.rs.BeanParam.class,
            jakarta.ws.rs.core.Context.class);

    private static final String EXCEPTION_MAPPER = "org.jboss.resteasy.reactive.server.ServerExceptionMapper";

    private final List<Class<?>> service;
    private final Set<String> required = new TreeSet<>();

    private JacksonReflection(List<Class<?>> service) {
        this.service = service;
    }

    /** The service's own classes (no tests): every class in the directory or jar that holds {@link TemporalClient}. */
    static List<Class<?>> serviceClasses() {
        List<Class<?>> classes = new ArrayList<>();
        try {
            Path location = Path.of(TemporalClient.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : files.toList()) {
                        String relative = location.relativize(file).toString().replace('\\', '/');
                        addClass(relative, classes);
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().forEach(entry -> addClass(entry.getName(), classes));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the service's classes", e);
        }
        classes.sort(Comparator.comparing(Class::getName));
        return classes;
    }

    private static void addClass(String path, List<Class<?>> classes) {
        if (!path.startsWith("io/runlens/") || !path.endsWith(".class")) {
            return;
        }
        String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
        try {
            classes.add(Class.forName(name, false, JacksonReflection.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the classes Jackson meets, sorted. */
    static Set<String> requiredClasses() {
        JacksonReflection walk = new JacksonReflection(serviceClasses());
        walk.fromResources();
        walk.fromOpenApi();
        return walk.required;
    }

    /** Names of the classes {@code @RegisterForReflection} registers, on a class itself or as its targets. */
    static Set<String> registeredClasses() {
        Set<String> registered = new TreeSet<>();
        for (Class<?> type : serviceClasses()) {
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration == null) {
                continue;
            }
            if (registration.targets().length == 0 && registration.classNames().length == 0) {
                registered.add(type.getName());
            }
            for (Class<?> target : registration.targets()) {
                registered.add(target.getName());
            }
            registered.addAll(List.of(registration.classNames()));
        }
        return registered;
    }

    private void fromResources() {
        for (Class<?> type : service) {
            if (!isResource(type)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.isSynthetic() || !isEndpoint(method)) {
                    continue;
                }
                visit(method.getGenericReturnType());
                if (isExceptionMapper(method)) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    if (NOT_A_BODY.stream().noneMatch(parameter::isAnnotationPresent) && !isRestParameter(parameter)) {
                        visit(parameter.getParameterizedType());
                    }
                }
            }
        }
    }

    private static boolean isResource(Class<?> type) {
        return type.isAnnotationPresent(jakarta.ws.rs.Path.class)
                || List.of(type.getDeclaredMethods()).stream().anyMatch(JacksonReflection::isEndpoint);
    }

    /** A resource method, or an exception mapper whose answer may carry a body. */
    private static boolean isEndpoint(Method method) {
        return method.isAnnotationPresent(jakarta.ws.rs.Path.class)
                || List.of(method.getAnnotations()).stream()
                        .map(annotation -> annotation.annotationType())
                        .anyMatch(annotation -> annotation.isAnnotationPresent(HttpMethod.class)
                                || annotation.getName().equals(EXCEPTION_MAPPER));
    }

    private static boolean isExceptionMapper(Method method) {
        return List.of(method.getAnnotations()).stream()
                .anyMatch(annotation -> annotation.annotationType().getName().equals(EXCEPTION_MAPPER));
    }

    /** RESTEasy Reactive's {@code @RestPath}, {@code @RestQuery}, {@code @RestHeader} and the like. */
    private static boolean isRestParameter(Parameter parameter) {
        return List.of(parameter.getAnnotations()).stream()
                .anyMatch(annotation ->
                        annotation.annotationType().getName().startsWith("org.jboss.resteasy.reactive.Rest"));
    }

    private void fromOpenApi() {
        for (Class<?> type : service) {
            OpenAPIDefinition definition = type.getAnnotation(OpenAPIDefinition.class);
            if (definition != null) {
                for (Schema schema : definition.components().schemas()) {
                    schema(schema);
                }
            }
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
            elements.addAll(List.of(type.getDeclaredMethods()));
            for (AnnotatedElement element : elements) {
                List<APIResponse> responses = new ArrayList<>(List.of(element.getAnnotationsByType(APIResponse.class)));
                APIResponses grouped = element.getAnnotation(APIResponses.class);
                if (grouped != null) {
                    responses.addAll(List.of(grouped.value()));
                }
                for (APIResponse response : responses) {
                    contents(response.content());
                }
                RequestBody body = element.getAnnotation(RequestBody.class);
                if (body != null) {
                    contents(body.content());
                }
            }
        }
    }

    private void contents(Content[] contents) {
        for (Content content : contents) {
            schema(content.schema());
        }
    }

    private void schema(Schema schema) {
        visit(schema.implementation());
        for (Class<?>[] alternatives : List.of(schema.oneOf(), schema.anyOf(), schema.allOf())) {
            for (Class<?> alternative : alternatives) {
                visit(alternative);
            }
        }
    }

    private void visit(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            visit(parameterized.getRawType());
            for (Type argument : parameterized.getActualTypeArguments()) {
                visit(argument);
            }
        } else if (type instanceof GenericArrayType array) {
            visit(array.getGenericComponentType());
        } else if (type instanceof WildcardType wildcard) {
            List.of(wildcard.getUpperBounds()).forEach(this::visit);
        } else if (type instanceof TypeVariable<?> variable) {
            List.of(variable.getBounds()).forEach(this::visit);
        } else if (type instanceof Class<?> raw) {
            visitClass(raw);
        }
    }

    private void visitClass(Class<?> raw) {
        if (raw.isArray()) {
            visit(raw.getComponentType());
            return;
        }
        if (raw.isPrimitive() || raw == Void.class || isOthers(raw) || JsonNode.class.isAssignableFrom(raw)) {
            return;
        }
        if (!required.add(raw.getName())) {
            return;
        }
        if (raw.isEnum() || JsonSerializable.class.isAssignableFrom(raw)) {
            return;
        }
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                visit(component.getGenericType());
            }
            return;
        }
        for (Field field : raw.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                visit(field.getGenericType());
            }
        }
        for (Method method : raw.getMethods()) {
            boolean getter =
                    method.getName().startsWith("get") || method.getName().startsWith("is");
            if (getter
                    && method.getParameterCount() == 0
                    && !Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() != Object.class) {
                visit(method.getGenericReturnType());
            }
        }
    }

    /**
     * JDK types (Jackson writes them without reflection or through its Java time module), the JAX-RS
     * and Mutiny wrappers around a body, and Jackson's own types.
     */
    private static boolean isOthers(Class<?> raw) {
        String name = raw.getName();
        return name.startsWith("java.")
                || name.startsWith("jakarta.ws.rs.")
                || name.startsWith("io.smallrye.mutiny.")
                || name.startsWith("org.jboss.resteasy.reactive.")
                || name.startsWith("com.fasterxml.jackson.");
    }
}
