using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// A multipart/form-data body as Cloudflare's upload and settings endpoints read it. A JSON field (<c>metadata</c>,
/// <c>settings</c>) may come three ways and all are accepted: a plain field (wrangler), a JSON part with a file name
/// (SDK 4-6), or bracket fields like <c>metadata[bindings][][type]</c> (SDK 7).
/// </summary>
public sealed class MultipartForm
{
    private MultipartForm(IReadOnlyList<FormPart> parts) => Parts = parts;

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<FormPart> Parts { get; }

    /// <summary>Reads <paramref name="request"/>'s body; a body that is not multipart is refused as Cloudflare refuses it (10021).</summary>
    public static MultipartForm Read(ApiRequest request)
    {
        var contentType = request.Header("Content-Type");
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            throw ProviderRefusal.BadRequest(10021, "could not read content for part metadata: the body is not multipart/form-data with a boundary.");
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var parts = new List<FormPart>();
        try
        {
            while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                using var buffer = new MemoryStream();
                section.Body.CopyTo(buffer);
                parts.Add(new FormPart(HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "",
                    HeaderUtilities.RemoveQuotes(disposition.FileName).Value is { Length: > 0 } f ? f : null, section.ContentType, buffer.ToArray()));
            }
        }
        catch (IOException e)
        {
            throw ProviderRefusal.BadRequest(10021, $"could not read content for part metadata: {e.Message}");
        }
        return new MultipartForm(parts);
    }

    /// <summary>The JSON object field <paramref name="name"/> in whichever of the three shapes it came; null when absent.</summary>
    public JsonObject? JsonField(string name)
    {
        if (Parts.FirstOrDefault(p => p.Name == name) is { } whole)
        {
            try { return JsonNode.Parse(whole.Content) as JsonObject ?? throw ProviderRefusal.BadRequest(10021, $"could not read content for part {name}"); }
            catch (System.Text.Json.JsonException) { throw ProviderRefusal.BadRequest(10021, $"could not read content for part {name}"); }
        }
        var prefix = name + "[";
        var bracketed = Parts.Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (bracketed.Count == 0) return null;
        var root = new JsonObject();
        foreach (var part in bracketed) Assign(root, Keys(part.Name[name.Length..]), Encoding.UTF8.GetString(part.Content));
        return root;
    }

    /// <summary>The part whose name or file name is <paramref name="module"/> (a module's part).</summary>
    public FormPart? Module(string module) => Parts.FirstOrDefault(p => p.Name == module || p.FileName == module);

    /// <summary>Every part that carries a file (the modules).</summary>
    public IEnumerable<FormPart> Files => Parts.Where(p => p.FileName is not null && p.Name is not ("metadata" or "settings"));

    // "[bindings][][type]" -> ["bindings", "", "type"]
    private static List<string> Keys(string brackets)
    {
        var keys = new List<string>();
        var i = 0;
        while (i < brackets.Length && brackets[i] == '[')
        {
            var end = brackets.IndexOf(']', i);
            if (end < 0) break;
            keys.Add(brackets[(i + 1)..end]);
            i = end + 1;
        }
        return keys;
    }

    private static void Assign(JsonObject target, List<string> keys, string value)
    {
        JsonNode node = target;
        for (var k = 0; k < keys.Count; k++)
        {
            var key = keys[k];
            var last = k == keys.Count - 1;
            if (node is JsonObject obj)
            {
                if (last) { obj[key] = Scalar(value); return; }
                var nextIsArray = keys[k + 1].Length == 0;
                node = obj[key] ??= nextIsArray ? new JsonArray() : new JsonObject();
            }
            else if (node is JsonArray arr)
            {
                if (last) { arr.Add(Scalar(value)); return; }
                // A new element starts when the key about to be set is already set on the last one.
                var field = keys[k + 1];
                if (arr.Count == 0 || arr[^1] is not JsonObject current || current.ContainsKey(field)) arr.Add(current = new JsonObject());
                node = current;
            }
        }
    }

    private static JsonNode? Scalar(string value) => value switch
    {
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ => JsonValue.Create(value),
    };
}
