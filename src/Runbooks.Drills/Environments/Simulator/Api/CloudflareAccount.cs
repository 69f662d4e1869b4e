using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>The account check every account-scoped Cloudflare route makes: another account is Cloudflare's 403 10000.</summary>
internal static class CloudflareAccount
{
    /// <summary>Refuses a call whose <c>{account}</c> is not the estate's.</summary>
    public static void Require(SimulatedEstate model, RouteValues v)
    {
        if (v["account"] != model.Estate.CloudflareAccountId) throw new ProviderRefusal(403, "10000", "Authentication error");
    }
}
