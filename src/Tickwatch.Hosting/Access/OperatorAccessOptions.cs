namespace Tickwatch.Hosting.Access;

/// <summary>Who may call debug and admin routes (section <c>Operator</c>).</summary>
public sealed class OperatorAccessOptions
{
    public const string SectionName = "Operator";

    /// <summary>
    /// Bearer token required from any address other than loopback. Set it through the environment
    /// (<c>TICKWATCH_Operator__Token</c>); when unset, only loopback callers get in.
    /// </summary>
    public string? Token { get; set; }
}
