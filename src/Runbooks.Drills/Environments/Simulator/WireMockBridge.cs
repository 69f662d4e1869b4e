using Microsoft.AspNetCore.WebUtilities;
using Runbooks.Drills.Environments.Simulator.Api;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>Turns a WireMock.Net request into an <see cref="ApiRequest"/> and an <see cref="ApiAnswer"/> into its response.</summary>
internal static class WireMockBridge
{
    /// <summary>The call, with its path below <paramref name="root"/> (empty for Vercel, whose API sits at the root).</summary>
    public static ApiRequest ToApiRequest(IRequestMessage request, string root)
    {
        // The raw path keeps percent-escapes (a secret name, a deployment URL); the route table decodes each segment.
        var url = new Uri(request.AbsoluteUrl);
        var path = url.AbsolutePath;
        if (root.Length > 0 && path.StartsWith(root, StringComparison.Ordinal)) path = path[root.Length..];
        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")], StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>()) headers[name] = string.Join(",", values);
        var body = request.BodyAsBytes ?? (request.Body is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : []);
        return new ApiRequest(request.Method, path, query, headers, body);
    }

    /// <summary>The WireMock response for <paramref name="answer"/>.</summary>
    public static IResponseMessage ToResponse(ApiAnswer answer)
    {
        var response = new ResponseMessage { StatusCode = answer.Status };
        foreach (var (name, value) in answer.Headers) response.AddHeader(name, value);
        if (answer.ContentType is not null)
        {
            response.AddHeader("Content-Type", answer.ContentType);
            response.BodyData = new BodyData { BodyAsBytes = answer.Body, DetectedBodyType = BodyType.Bytes };
        }
        return response;
    }
}
