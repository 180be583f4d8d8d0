using Tickwatch.Trading.Ledger;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>The paging cursor's text: what <see cref="LedgerCursor.ToString"/> writes reads back, and nothing else does.</summary>
public sealed class LedgerCursorUnitTests
{
    [Fact]
    public void A_cursor_reads_back_from_its_text()
    {
        var cursor = new LedgerCursor(17, 2, 1);

        Assert.Equal("17.2.1", cursor.ToString());
        Assert.True(LedgerCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal(cursor, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("17.2")]
    [InlineData("17.2.1.0")]
    [InlineData("-1.0.0")]
    [InlineData("a.b.c")]
    [InlineData("1. 2.3")]
    [InlineData("99999999999999999999.0.0")]
    public void Anything_else_is_no_cursor(string? text) => Assert.False(LedgerCursor.TryParse(text, out _));
}
