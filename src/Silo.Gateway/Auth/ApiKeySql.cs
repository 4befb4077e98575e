namespace Silo.Gateway.Auth;

/// <summary>SQL on the <c>api_keys</c> table.</summary>
internal static class ApiKeySql
{
    public const string Insert = """
        insert into api_keys (id, name, tenant, permissions, key_hash, prefix)
        values (@id, @name, @tenant, @permissions, @key_hash, @prefix)
        """;

    public const string FindActiveByHash =
        "select id, name, tenant, permissions from api_keys where key_hash = @key_hash and revoked_at is null";

    public const string FindActiveById =
        "select id, name, tenant, permissions from api_keys where id = @id and revoked_at is null";

    public const string List =
        "select id, name, tenant, permissions, prefix, created_at, revoked_at from api_keys order by created_at";

    public const string Revoke =
        "update api_keys set revoked_at = now() where (id::text = @id_or_name or name = @id_or_name) and revoked_at is null";

    /// <summary>
    /// The bootstrap admin key is replaced when the environment variable changes: the older one is
    /// revoked first (its own statement, so the insert no longer sees it as active), then the new
    /// one inserted. Nodes starting together must not fail start-up over it: any remaining conflict
    /// (the same key, or another node's key inserted a moment earlier) inserts nothing.
    /// </summary>
    public const string RevokeOtherBootstrap =
        "update api_keys set revoked_at = now() where name = @name and revoked_at is null and key_hash <> @key_hash";

    /// <summary>A key used before (the variable set back to an earlier value) becomes active again.</summary>
    public const string ReactivateBootstrap =
        "update api_keys set revoked_at = null where name = @name and key_hash = @key_hash and revoked_at is not null";

    public const string InsertBootstrap = """
        insert into api_keys (id, name, tenant, permissions, key_hash, prefix)
        values (@id, @name, @tenant, @permissions, @key_hash, @prefix)
        on conflict do nothing
        """;
}
