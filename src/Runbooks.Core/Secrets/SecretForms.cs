using System.Net;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runbooks.Core.Secrets;

/// <summary>
/// The encoded forms a secret can take once it is written somewhere: JSON string escapes (strict and relaxed, upper and
/// lower case hex, escaped solidus), percent-encoding (path and form), HTML and XML entities, and Base64. A redactor
/// that only looked for the raw value would miss <c>Zq9xK7\u002BwP3</c> in a journal or <c>p%40ss</c> in a URL.
/// </summary>
public static class SecretForms
{
    /// <summary>Every distinct form of <paramref name="value"/>, the value itself first.</summary>
    public static IReadOnlyList<string> Of(string value)
    {
        var forms = new List<string> { value };
        void Add(string form)
        {
            if (form.Length > 0 && !forms.Contains(form, StringComparer.Ordinal)) forms.Add(form);
        }

        var strict = JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString();
        Add(strict);
        Add(LowerHexEscapes(strict, "\\u"));
        Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        Add(strict.Replace("/", "\\/", StringComparison.Ordinal));
        var percent = Uri.EscapeDataString(value);
        Add(percent);
        Add(LowerHexEscapes(percent, "%"));
        Add(WebUtility.UrlEncode(value));
        Add(percent.Replace("%20", "+", StringComparison.Ordinal));
        Add(WebUtility.HtmlEncode(value));
        Add(HtmlEncoder.Default.Encode(value));
        Add(SecurityElement.Escape(value));
        Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
        return forms;
    }

    // "\u002B" -> "\u002b", "%2B" -> "%2b": encoders differ in the case of their hex digits.
    private static string LowerHexEscapes(string text, string prefix)
    {
        var sb = new StringBuilder(text.Length);
        var digits = prefix == "\\u" ? 4 : 2;
        for (var i = 0; i < text.Length; i++)
        {
            if (string.CompareOrdinal(text, i, prefix, 0, prefix.Length) == 0 && i + prefix.Length + digits <= text.Length)
            {
                sb.Append(prefix).Append(text.AsSpan(i + prefix.Length, digits).ToString().ToLowerInvariant());
                i += prefix.Length + digits - 1;
            }
            else sb.Append(text[i]);
        }
        return sb.ToString();
    }
}
