package io.runlens.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key row (table {@code api_key}, see {@code V2__api_key.sql}); holds the key's hash, never the key. */
@Entity
@Table(name = "api_key")
public class ApiKeyRecord {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false)
    public String organizationId;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "key_prefix", nullable = false)
    public String keyPrefix;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
