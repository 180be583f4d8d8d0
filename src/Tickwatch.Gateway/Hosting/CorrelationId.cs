using Microsoft.AspNetCore.Http;

namespace Tickwatch.Gateway.Hosting;

/// <summary>The id that ties one client request to the gateway's log line and to the market service's call.</summary>
/// <remarks>A client may send its own in <c>X-Correlation-Id</c> (up to 64 letters, digits, <c>-</c>, <c>_</c>, <c>.</c>); otherwise the gateway makes one.</remarks>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    private const int MaxLength = 64;

    private static readonly object ItemKey = new();

    /// <summary>The request's correlation id (set by the request logging middleware; the trace identifier before it ran).</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var id) && id is string text ? text : context.TraceIdentifier;
    }

    /// <summary>Takes the client's id when it is well formed, else makes one; remembers it on the request.</summary>
    internal static string Assign(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        var id = IsWellFormed(presented) ? presented : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        return id;
    }

    internal static bool IsWellFormed(string id)
    {
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
