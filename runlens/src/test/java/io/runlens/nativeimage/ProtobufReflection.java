package io.runlens.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Message;
import io.runlens.temporal.TemporalClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes protobuf's reflection reaches in a native image, computed from the descriptors of the
 * messages Runlens reads from Temporal.
 *
 * <p>{@code Message.getField}, {@code hasField}, {@code getRepeatedFieldCount}, {@code toBuilder().setField},
 * {@code getOneofFieldDescriptor}, {@code toString()} and protobuf's {@code JsonFormat} all go through
 * {@code GeneratedMessage.FieldAccessorTable}, which, the first time a message type is used that way,
 * looks up by Java reflection ({@code Class.getMethod}) the accessors of <em>every</em> field of it:
 * on the message class {@code getX}, {@code hasX}, {@code getXList}, {@code getXCount}, {@code getXValue},
 * {@code getXBytes}, {@code getXCase} and {@code getDefaultInstance} (map fields); on its builder the
 * matching {@code setX}, {@code addX}, {@code clearX}, {@code getXBuilder}, {@code setXValue}; on a
 * message-typed field's class its static {@code newBuilder}; and on an enum-typed field's enum class
 * {@code valueOf(EnumValueDescriptor)} and {@code getValueDescriptor}. So each message type reachable
 * from the roots is needed with its builder, and each enum type, with their public methods. Map entry
 * types have no class of their own (protobuf's {@code MapEntry}); their value types are followed.
 *
 * <p>The roots are every protobuf message in the return types of {@link TemporalClient}'s public
 * methods: what Runlens reads from Temporal. {@code HistoryEvent} is among them, and its attributes are
 * where the reflective calls are certain ({@code EventDetails}, {@code FailureChains}, {@code MessageJson}).
 */
final class ProtobufReflection {

    /** The registration Runlens ships; native-image reads every such file on the class path. */
    static final String RESOURCE = "META-INF/native-image/io.runlens/runlens/reflect-config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtobufReflection() {}

    /** The message classes in the return types of {@link TemporalClient}'s public methods. */
    static Set<Class<? extends Message>> roots() {
        Set<Class<? extends Message>> roots = new HashSet<>();
        for (Method method : TemporalClient.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())) {
                messagesIn(method.getGenericReturnType(), roots, new HashSet<>());
            }
        }
        return roots;
    }

    @SuppressWarnings("unchecked")
    private static void messagesIn(Type type, Set<Class<? extends Message>> found, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> raw && Message.class.isAssignableFrom(raw)) {
            found.add((Class<? extends Message>) raw);
        } else if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                messagesIn(argument, found, seen);
            }
        } else if (type instanceof TypeVariable<?> variable) {
            for (Type bound : variable.getBounds()) {
                messagesIn(bound, found, seen);
            }
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                messagesIn(bound, found, seen);
            }
        } else if (type instanceof GenericArrayType array) {
            messagesIn(array.getGenericComponentType(), found, seen);
        }
    }

    /** Every class name protobuf's reflection needs for the {@link #roots}, sorted. */
    static Set<String> requiredClasses() {
        Set<String> required = new TreeSet<>();
        Set<Descriptor> seen = new HashSet<>();
        Deque<Descriptor> pending = new ArrayDeque<>();
        for (Class<? extends Message> root : roots()) {
            pending.push(descriptorOf(root));
        }
        while (!pending.isEmpty()) {
            Descriptor type = pending.pop();
            if (!seen.add(type)) {
                continue;
            }
            if (!type.getOptions().getMapEntry()) {
                String name = javaName(type);
                required.add(name);
                required.add(name + "$Builder");
            }
            for (FieldDescriptor field : type.getFields()) {
                switch (field.getJavaType()) {
                    case MESSAGE -> pending.push(field.getMessageType());
                    case ENUM -> required.add(javaName(field.getEnumType()));
                    default -> {}
                }
            }
        }
        for (String name : required) {
            try {
                Class.forName(name, false, ProtobufReflection.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no class " + name + ": the descriptor to class mapping is wrong", e);
            }
        }
        return required;
    }

    private static Descriptor descriptorOf(Class<? extends Message> type) {
        try {
            return (Descriptor) type.getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no static getDescriptor()", e);
        }
    }

    /** The class protoc generates for a message or enum type (java_package, java_multiple_files, nesting). */
    static String javaName(GenericDescriptor type) {
        Descriptor containing = type instanceof Descriptor message
                ? message.getContainingType()
                : ((EnumDescriptor) type).getContainingType();
        if (containing != null) {
            return javaName(containing) + "$" + type.getName();
        }
        FileDescriptor file = type.getFile();
        String javaPackage =
                file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
        String prefix = javaPackage.isEmpty() ? "" : javaPackage + ".";
        if (file.getOptions().getJavaMultipleFiles()) {
            return prefix + type.getName();
        }
        if (!file.getOptions().hasJavaOuterClassname()) {
            throw new IllegalStateException(
                    file.getName() + " sets neither java_multiple_files nor java_outer_classname");
        }
        return prefix + file.getOptions().getJavaOuterClassname() + "$" + type.getName();
    }

    /** The reflect-config.json that registers {@code classes} with their public methods. */
    static String render(Set<String> classes) {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (String name : new TreeSet<>(classes)) {
            entries.addObject().put("name", name).put("allPublicMethods", true);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entries) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the classes a reflect-config.json registers with all their public methods. */
    static Set<String> withPublicMethods(InputStream config) throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : JSON.readTree(config)) {
            if (entry.path("allPublicMethods").asBoolean()) {
                names.add(entry.get("name").asText());
            }
        }
        return names;
    }
}
