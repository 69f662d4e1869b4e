namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// The model refusing an operation as the provider would: the HTTP status, the provider's error code (Cloudflare's number
/// or Vercel's slug, as text) and its message. The API layer turns it into the provider's error body.
/// </summary>
public sealed class ProviderRefusal(int status, string code, string message) : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The provider's code: <c>10220</c>, <c>not_found</c>, ...</summary>
    public string Code { get; } = code;

    /// <summary>Cloudflare's 10007: the Worker does not exist.</summary>
    public static ProviderRefusal UnknownWorker() => new(404, "10007", "This Worker does not exist on your account.");

    /// <summary>A bad request with Cloudflare code <paramref name="code"/>.</summary>
    public static ProviderRefusal BadRequest(int code, string message) => new(400, code.ToString(System.Globalization.CultureInfo.InvariantCulture), message);

    /// <summary>Vercel's 404 <c>not_found</c>.</summary>
    public static ProviderRefusal NotFound(string what, string id) => new(404, "not_found", $"Could not find the {what}: {id}");
}
