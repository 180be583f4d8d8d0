namespace Tickwatch.Core.Trading;

/// <summary>The kinds of account the broker keeps apart in its keys (<c>live:42</c>, <c>demo:7</c>).</summary>
public enum UserType
{
    Live,
    Demo,
    StrategyProvider,
    CopyFollower,
}
