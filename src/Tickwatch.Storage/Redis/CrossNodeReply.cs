using StackExchange.Redis;

namespace Tickwatch.Storage.Redis;

/// <summary>Tells a Redis error saying that a key went to a node that does not serve its slot (the client's slot map was stale) from any other.</summary>
/// <remarks>
/// A store call carries keys of several slots that the client believed one node serves. During a master failover or
/// a slot migration that belief can be wrong for some of them, and the node answers one of these instead of running
/// the command on them; nothing was done to such a key, so sending it again, routed by its own key, is safe.
/// Texts as Redis 7 and StackExchange.Redis 2.x give them:
/// <list type="bullet">
/// <item><c>ERR Script attempted to access a non local key in a cluster node</c> (a script touched a key of another
/// node's slot, or of a slot being migrated; from <c>redis.call</c> it ends with <c> script: SHA, on @user_script:N.</c>);</item>
/// <item><c>ERR Script attempted to access keys that do not hash to the same slot</c>, and Redis 7.2's
/// <c>Command 'X' in script attempted to access keys that do not hash to the same slot</c>;</item>
/// <item><c>MOVED slot host:port</c> and <c>ASK slot host:port</c>, which the client follows itself and passes on only
/// when it could not (or <c>Key has MOVED</c> with <c>NoRedirect</c>);</item>
/// <item><c>CROSSSLOT Keys in request don't hash to the same slot</c>; <c>TRYAGAIN</c> (a slot half migrated).</item>
/// </list>
/// A down cluster (<c>CLUSTERDOWN</c>, <c>... while the cluster is down</c>) is not among them: no other routing helps.
/// </remarks>
internal static class CrossNodeReply
{
    private static readonly string[] Prefixes = ["MOVED ", "ASK ", "CROSSSLOT", "TRYAGAIN", "Key has MOVED"];

    private static readonly string[] Phrases = ["non local key", "do not hash to the same slot"];

    /// <summary>True when <paramref name="message"/>, a Redis error's text, says a key was not on the node asked.</summary>
    public static bool Is(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        foreach (var prefix in Prefixes)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var phrase in Phrases)
        {
            if (message.Contains(phrase, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="error"/> is a Redis server error that <see cref="Is(string?)"/> recognises.</summary>
    public static bool Is(Exception? error) => error is RedisServerException server && Is(server.Message);
}
