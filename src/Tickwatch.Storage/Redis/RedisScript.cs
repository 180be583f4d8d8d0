using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Tickwatch.Storage.Redis;

/// <summary>A Lua script a store runs by SHA (EVALSHA), sent again as its text (EVAL) to a node that answers NOSCRIPT.</summary>
/// <remarks>
/// Register it with <see cref="RedisConnection.Register"/> so that the connection loads it on every node at connect,
/// after a topology change and when a connection is restored, as it does the price write script: a failover then
/// meets no NOSCRIPT, and a node restarted empty or whose cache was flushed costs one EVAL.
/// </remarks>
public sealed class RedisScript
{
    private readonly byte[] _sha1;

    public RedisScript(string name, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(source);
        Name = name;
        Source = source;
#pragma warning disable CA5350 // SHA-1 is what Redis names scripts by, not a security measure.
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));
#pragma warning restore CA5350
        Sha1Hex = Convert.ToHexStringLower(_sha1);
    }

    /// <summary>What the script does, for logs (<c>trading commit</c>).</summary>
    public string Name { get; }

    public string Source { get; }

    /// <summary>The SHA-1 Redis names the script by, lower-case hex.</summary>
    public string Sha1Hex { get; }

    /// <summary>Runs the script by SHA; a node that does not know it gets the text instead, which loads it there.</summary>
    /// <returns>The script's reply, and whether it had to be sent as text.</returns>
    public async Task<(RedisResult Reply, bool Reloaded)> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] arguments)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            return (await database.ScriptEvaluateAsync(_sha1, keys, arguments).ConfigureAwait(false), false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // A script that did not run wrote nothing, so sending it again cannot apply anything twice.
            return (await database.ScriptEvaluateAsync(Source, keys, arguments).ConfigureAwait(false), true);
        }
    }
}
