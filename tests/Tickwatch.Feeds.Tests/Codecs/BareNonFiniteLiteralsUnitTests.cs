using System.Text;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Tests.Codecs;

public sealed class BareNonFiniteLiteralsUnitTests
{
    [Theory]
    [InlineData("""{"a":NaN}""", """{"a":"NaN"}""")]
    [InlineData("""{"a":Infinity,"b":-Infinity}""", """{"a":"Infinity","b":"-Infinity"}""")]
    [InlineData("""[NaN, Infinity ,-Infinity]""", """["NaN", "Infinity" ,"-Infinity"]""")]
    [InlineData("{\"a\":\n\tNaN\r\n}", "{\"a\":\n\t\"NaN\"\r\n}")]
    [InlineData("{\"a\":NaN", "{\"a\":\"NaN\"")]
    [InlineData("""{"s":"x:NaN,","t":"\":NaN","u":NaN}""", """{"s":"x:NaN,","t":"\":NaN","u":"NaN"}""")]
    [InlineData("""{"s":"\\","u":NaN}""", """{"s":"\\","u":"NaN"}""")]
    public void Quotes_every_bare_literal_where_a_value_belongs(string json, string expected)
    {
        var input = Encoding.UTF8.GetBytes(json);
        var output = new byte[input.Length + (2 * BareNonFiniteLiterals.Count(input))];

        var written = BareNonFiniteLiterals.Quote(input, output);

        Assert.Equal(expected, Encoding.UTF8.GetString(output, 0, written));
        Assert.Equal(output.Length, written);
    }

    [Theory]
    [InlineData("""{"a":1.5}""")]
    [InlineData("""{"a":"NaN"}""")]
    [InlineData("""{"a":NaNs}""")]
    [InlineData("""{"a":nan}""")]
    [InlineData("""{"a":+Infinity}""")]
    [InlineData("""{"a":-NaN}""")]
    [InlineData("""{NaN:1}""")]
    [InlineData("""NaN""")]
    [InlineData("""{"a":"unterminated NaN""")]
    [InlineData("")]
    public void Leaves_everything_else_alone(string json)
    {
        var input = Encoding.UTF8.GetBytes(json);
        var output = new byte[input.Length];

        Assert.Equal(0, BareNonFiniteLiterals.Count(input));
        Assert.Equal(input.Length, BareNonFiniteLiterals.Quote(input, output));
        Assert.Equal(input, output);
    }
}
