using System.Globalization;

namespace Tickwatch.Storage;

/// <summary>A trading user as the reference names one in its keys and channels: the user type and the id, <c>live:42</c>.</summary>
/// <param name="Type">The user type: <c>live</c>, <c>demo</c>, <c>strategy_provider</c> or <c>copy_follower</c>.</param>
/// <param name="Id">The user's id within its type.</param>
public readonly record struct UserKey(string Type, long Id)
{
    public static UserKey Live(long id) => new("live", id);

    public static UserKey Demo(long id) => new("demo", id);

    public static UserKey StrategyProvider(long id) => new("strategy_provider", id);

    public static UserKey CopyFollower(long id) => new("copy_follower", id);

    /// <summary><c>type:id</c>, as in the keys and in <c>symbol_holders</c> sets and <c>portfolio_updates</c> payloads.</summary>
    public override string ToString()
    {
        ArgumentException.ThrowIfNullOrEmpty(Type);
        return Type + ":" + Id.ToString(CultureInfo.InvariantCulture);
    }
}
