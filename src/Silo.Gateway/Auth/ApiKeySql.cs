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

    public const string List =
        "select id, name, tenant, permissions, prefix, created_at, revoked_at from api_keys order by created_at";

    public const string Revoke =
        "update api_keys set revoked_at = now() where (id::text = @id_or_name or name = @id_or_name) and revoked_at is null";

    /// <summary>The bootstrap admin key is replaced when the environment variable changes.</summary>
    public const string UpsertBootstrap = """
        with revoked as (
            update api_keys set revoked_at = now()
             where name = @name and revoked_at is null and key_hash <> @key_hash)
        insert into api_keys (id, name, tenant, permissions, key_hash, prefix)
        values (@id, @name, @tenant, @permissions, @key_hash, @prefix)
        on conflict (key_hash) do nothing
        """;
}
