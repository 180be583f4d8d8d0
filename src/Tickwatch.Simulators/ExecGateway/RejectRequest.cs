namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Body of <c>POST /control/reject</c>: reject the orders of <see cref="Symbol"/>, or of every symbol when it is null.</summary>
public sealed class RejectRequest
{
    public string? Symbol { get; set; }

    /// <summary>The <c>reason</c> of the REJECTED reports; <c>REJECTED_BY_PROVIDER</c> when not given.</summary>
    public string? Reason { get; set; }
}
