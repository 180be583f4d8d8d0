using Tickwatch.Market.Diagnostics.RecentErrors;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>recent_errors</c>: the warnings and errors the service really logged, newest first, from a bounded ring.</summary>
/// <param name="TotalRecorded">Warnings and errors since the start, including those no longer in the ring.</param>
/// <param name="ErrorsRecorded">Of those, errors and critical ones.</param>
/// <param name="Capacity">How many the ring keeps.</param>
/// <param name="Entries">The newest ones (up to <c>Diagnostics:RecentErrorsShown</c>).</param>
public sealed record RecentErrorsSection(long TotalRecorded, long ErrorsRecorded, int Capacity, IReadOnlyList<RecentError> Entries)
{
    public static RecentErrorsSection From(RecentErrorLog log, int shown)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new RecentErrorsSection(log.Total, log.ErrorsTotal, log.Capacity, log.Recent(shown));
    }
}
