namespace Tickwatch.IntegrationTests.Metrics;

/// <summary>deploy/prometheus checked by Debian's promtool: the rules load, their unit tests pass, and the configuration is valid.</summary>
public sealed class AlertRulesTests
{
    [Theory]
    [InlineData("check rules deploy/prometheus/alerts.yml", "SUCCESS")]
    [InlineData("test rules deploy/prometheus/alerts.test.yml", "SUCCESS")]
    [InlineData("check config deploy/prometheus/prometheus.yml", "1 rule files found")]
    public async Task Promtool_accepts_the_deployed_files(string command, string expected)
    {
        var (exitCode, output) = await PrometheusTools.PromToolAsync(command.Split(' '));

        Assert.True(exitCode == 0, output);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_alert_has_a_severity_a_summary_and_a_description()
    {
        var rules = await File.ReadAllLinesAsync(PrometheusTools.DeployFile("prometheus/alerts.yml"));
        var alerts = Blocks(rules).ToList();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, a =>
        {
            Assert.Matches(@"severity: (critical|warning|info)", a.Text);
            Assert.Contains("summary:", a.Text, StringComparison.Ordinal);
            Assert.Contains("description:", a.Text, StringComparison.Ordinal);
        });
    }

    private static IEnumerable<(string Name, string Text)> Blocks(string[] lines)
    {
        string? name = null;
        var text = new List<string>();
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("- alert: ", StringComparison.Ordinal) || trimmed.StartsWith("- name: ", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    yield return (name, string.Join('\n', text));
                }

                name = trimmed.StartsWith("- alert: ", StringComparison.Ordinal) ? trimmed["- alert: ".Length..] : null;
                text.Clear();
            }

            text.Add(line);
        }

        if (name is not null)
        {
            yield return (name, string.Join('\n', text));
        }
    }
}
