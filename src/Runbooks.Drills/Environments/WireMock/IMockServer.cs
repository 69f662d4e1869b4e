namespace Runbooks.Drills.Environments.WireMock;

/// <summary>
/// A running HTTP mock server that speaks the WireMock admin API (<c>/__admin/...</c>). The standalone WireMock jar is
/// the implementation here; WireMock.Net shares the mapping format and admin API, so it would be one more class.
/// </summary>
public interface IMockServer : IAsyncDisposable
{
    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:43615</c>.</summary>
    Uri BaseUrl { get; }

    /// <summary>The admin API: mappings, scenarios, request journal, reset.</summary>
    WireMockAdminClient Admin { get; }
}
