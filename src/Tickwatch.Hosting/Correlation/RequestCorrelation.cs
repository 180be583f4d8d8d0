using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Correlation;

/// <summary>The id that ties one request to every log line written while handling it, in the gateway and in the market service it calls.</summary>
/// <remarks>A caller may send its own in <c>X-Correlation-Id</c> (up to 64 letters, digits, <c>-</c>, <c>_</c>, <c>.</c>); otherwise one is made.</remarks>
public static class RequestCorrelation
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>The log scope property that carries the id: a field of its own in the JSON log, <c>[id]</c> in the log files.</summary>
    public const string LogProperty = "CorrelationId";

    private const int MaxLength = 64;

    private static readonly object ItemKey = new();

    /// <summary>The request's correlation id (set by the request logging middleware; the trace identifier before it ran).</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var id) && id is string text ? text : context.TraceIdentifier;
    }

    /// <summary>Takes the caller's id when it is well formed, else makes one; remembers it on the request.</summary>
    public static string Assign(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var presented = context.Request.Headers[HeaderName].ToString();
        var id = IsWellFormed(presented) ? presented : New();
        context.Items[ItemKey] = id;
        return id;
    }

    /// <summary>A new id, for a request that brought none and for calls no request started.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Opens the scope that puts <paramref name="id"/> on every line <paramref name="logger"/>'s factory writes until it is disposed.</summary>
    public static IDisposable? BeginScope(ILogger logger, string id)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new KeyValuePair<string, object>[] { new(LogProperty, id) });
    }

    public static bool IsWellFormed(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
