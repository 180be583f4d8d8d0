namespace Tickwatch.Feeds.Listening;

/// <summary>How the listener puts an exception into a log line or the statistics: one line, the token scrubbed.</summary>
internal static class FeedErrorText
{
    /// <summary>An exception's message and its inner messages, one line, with <paramref name="token"/> scrubbed.</summary>
    public static string Describe(Exception exception, string? token)
    {
        var text = exception.Message;
        var inner = exception.InnerException;
        for (var depth = 0; inner is not null && depth < 3; depth++, inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text = text + ": " + inner.Message;
            }
        }

        return FeedUrl.Scrub(text, token);
    }
}
