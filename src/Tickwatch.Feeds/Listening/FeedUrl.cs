using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Feeds.Listening;

/// <summary>Builds a feed's connection URL with its token, and the redacted form that logs and diagnostics show instead.</summary>
public static class FeedUrl
{
    /// <summary>Name of the query parameter that carries the token.</summary>
    public const string TokenParameter = "token";

    /// <summary>What a secret is replaced with.</summary>
    public const string Redacted = UrlRedaction.Redacted;

    /// <summary>The URL to connect to: <paramref name="url"/> with <c>token=…</c> added to its query when a token is set.</summary>
    public static Uri WithToken(Uri url, string? token)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(token))
        {
            return url;
        }

        var builder = new UriBuilder(url);
        var parameter = TokenParameter + "=" + Uri.EscapeDataString(token);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? parameter : existing + "&" + parameter;
        return builder.Uri;
    }

    /// <summary>
    /// <paramref name="url"/> as text that is safe to show: every query value (the token's and any other) and any user
    /// info replaced by <c>***</c>, and <paramref name="token"/> scrubbed wherever else it appears.
    /// </summary>
    public static string Redact(Uri url, string? token) => Scrub(UrlRedaction.Redact(url), token);

    /// <summary>Replaces <paramref name="token"/>, raw or URL-escaped, in <paramref name="text"/> (an error message, say) with <c>***</c>.</summary>
    public static string Scrub(string text, string? token)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(token))
        {
            return text;
        }

        var scrubbed = text.Replace(token, Redacted, StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(token);
        return escaped == token ? scrubbed : scrubbed.Replace(escaped, Redacted, StringComparison.Ordinal);
    }
}
