using System.Security.Cryptography;
using System.Text;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// Ids that are the same on every start for the same estate (the starting history's versions and deployments), so a
/// person reading two drill reports can compare them; ids made later are fresh.
/// </summary>
public static class StableIds
{
    /// <summary>A UUID derived from <paramref name="parts"/>.</summary>
    public static string Uuid(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40); // version 4 shape, as Cloudflare's ids have
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>A Vercel-style id: <paramref name="prefix"/>, then 20 letters and digits derived from <paramref name="parts"/>.</summary>
    public static string Vercel(string prefix, params string[] parts)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        var text = new StringBuilder(prefix);
        for (var i = 0; i < 20; i++) text.Append(alphabet[hash[i] % alphabet.Length]);
        return text.ToString();
    }

    /// <summary>32 hex digits derived from <paramref name="parts"/> (DNS record, rule and ruleset ids).</summary>
    public static string Hex(params string[] parts)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))).AsSpan(0, 16));

    /// <summary>A fresh id of the same shape as <see cref="Uuid"/>.</summary>
    public static string NewUuid() => Guid.NewGuid().ToString();
}
