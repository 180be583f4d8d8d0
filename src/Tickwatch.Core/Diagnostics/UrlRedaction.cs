namespace Tickwatch.Core.Diagnostics;

/// <summary>
/// A URL as logs and diagnostics show it: every query value and any user info replaced by <c>***</c>, since a token,
/// a key or a password may travel there under any name.
/// </summary>
public static class UrlRedaction
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Redacted = "***";

    /// <summary><paramref name="url"/> with its user info and every query value redacted; parameter names are kept.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return RedactQuery(url.OriginalString);
        }

        var builder = new UriBuilder(url);
        if (builder.UserName.Length > 0 || builder.Password.Length > 0)
        {
            builder.UserName = Redacted;
            builder.Password = "";
        }

        var query = builder.Query.TrimStart('?');
        if (query.Length > 0)
        {
            builder.Query = string.Join('&', query.Split('&').Select(RedactParameter));
        }

        return builder.Uri.AbsoluteUri;
    }

    /// <summary>A URL given as text, redacted as <see cref="Redact(Uri)"/> does; text that is no URL has only its query redacted.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // "://" first: on Unix a bare path such as "/api/stream?…" parses as a file URI.
        return url.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? Redact(parsed) : RedactQuery(url);
    }

    private static string RedactQuery(string text)
    {
        var start = text.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var end = text.IndexOf('#', start);
        var query = end < 0 ? text[(start + 1)..] : text[(start + 1)..end];
        var fragment = end < 0 ? "" : text[end..];
        return text[..(start + 1)] + string.Join('&', query.Split('&').Select(RedactParameter)) + fragment;
    }

    private static string RedactParameter(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? parameter : parameter[..equals] + "=" + Redacted;
    }
}
