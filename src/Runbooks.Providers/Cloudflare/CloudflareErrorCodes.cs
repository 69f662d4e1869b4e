namespace Runbooks.Providers.Cloudflare;

/// <summary>Cloudflare error codes the clients branch on.</summary>
public static class CloudflareErrorCodes
{
    /// <summary>A secret changed since the version a deployment targets; repeat with <c>?force=true</c>.</summary>
    public const string SecretsChanged = "10220";

    /// <summary>The Worker does not exist on the account.</summary>
    public const string WorkerNotFound = "10007";

    /// <summary>A zone's phase has no entrypoint ruleset yet (never written): treat it as empty.</summary>
    public const string NoEntrypoint = "10003";
}
