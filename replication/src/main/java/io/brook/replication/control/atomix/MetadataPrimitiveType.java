package io.brook.replication.control.atomix;

import io.atomix.primitive.PrimitiveBuilder;
import io.atomix.primitive.PrimitiveManagementService;
import io.atomix.primitive.PrimitiveType;
import io.atomix.primitive.PrimitiveTypeRegistry;
import io.atomix.primitive.config.PrimitiveConfig;
import io.atomix.primitive.service.PrimitiveService;
import io.atomix.primitive.service.ServiceConfig;
import io.atomix.utils.serializer.Namespace;
import io.atomix.utils.serializer.Namespaces;
import java.util.Collection;
import java.util.List;

/**
 * The controller's atomix primitive type: its service is {@link MetadataService}. Only the Raft session
 * and server use it (no atomix primitive builder or config exists for it).
 */
@SuppressWarnings("rawtypes")
final class MetadataPrimitiveType implements PrimitiveType {

    static final MetadataPrimitiveType INSTANCE = new MetadataPrimitiveType();

    /** What a server can instantiate: only this type. */
    static final PrimitiveTypeRegistry REGISTRY = new PrimitiveTypeRegistry() {
        @Override
        public Collection<PrimitiveType> getPrimitiveTypes() {
            return List.of(INSTANCE);
        }

        @Override
        public PrimitiveType getPrimitiveType(String typeName) {
            return INSTANCE.name().equals(typeName) ? INSTANCE : null;
        }
    };

    /** Encodes the (empty) {@link ServiceConfig} of an open-session request; built once, not per session. */
    private static final Namespace NAMESPACE = Namespace.builder()
            .register(Namespaces.BASIC)
            .register(ServiceConfig.class)
            .build();

    private MetadataPrimitiveType() {
    }

    @Override
    public String name() {
        return "brook-metadata";
    }

    @Override
    public Namespace namespace() {
        return NAMESPACE;
    }

    @Override
    public PrimitiveConfig newConfig() {
        throw new UnsupportedOperationException("the controller metadata has no primitive config");
    }

    @Override
    public PrimitiveBuilder newBuilder(String primitiveName, PrimitiveConfig config, PrimitiveManagementService managementService) {
        throw new UnsupportedOperationException("the controller metadata has no primitive builder");
    }

    @Override
    public PrimitiveService newService(ServiceConfig config) {
        return new MetadataService();
    }
}
