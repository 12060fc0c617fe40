using System.Text.Json;

namespace MlSystems.Drift.Tests.Reports;

/// <summary>The corrections against statsmodels' multipletests (Data/generate_multipletests.py).</summary>
public sealed class MultipleTestingGoldenTests
{
    [Fact]
    public void Adjusted_p_values_are_statsmodels_to_the_last_bit()
    {
        using JsonDocument golden = GoldenFile.Json("multipletests.json");
        int compared = 0;
        foreach (JsonElement c in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            double?[] raw = [.. c.GetProperty("p").EnumerateArray().Select(e => (double?)e.GetDouble())];
            foreach (JsonProperty method in c.GetProperty("adjusted").EnumerateObject())
            {
                var correction = Enum.Parse<MultipleTestingCorrection>(method.Name);
                double?[] ours = correction.Adjust(raw);
                double[] theirs = [.. method.Value.EnumerateArray().Select(e => e.GetDouble())];
                Assert.Equal(theirs.Length, ours.Length);
                for (int i = 0; i < theirs.Length; i++)
                {
                    Assert.True(
                        BitConverter.DoubleToInt64Bits(theirs[i]) == BitConverter.DoubleToInt64Bits(ours[i]!.Value),
                        $"{c.GetProperty("name").GetString()} {correction} [{i}]: statsmodels {theirs[i]:R}, ours {ours[i]:R}");
                    compared++;
                }
            }
        }

        // 4 fixed families and 3 random ones at each of 4 sizes, three corrections each.
        Assert.Equal(3 * (1 + 4 + 6 + 7 + 3 * (3 + 10 + 57 + 250)), compared);
    }

    [Fact]
    public void Adjust_refuses_p_values_outside_the_unit_interval_and_unknown_corrections()
    {
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => MultipleTestingCorrection.Holm.Adjust([0.1, 1.5]));
        Assert.Equal("pValues", outside.ParamName);
        Assert.Contains("p-value 1", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => MultipleTestingCorrection.None.Adjust([-0.0001]));
        Assert.Equal("correction", Assert.Throws<ArgumentOutOfRangeException>(() => ((MultipleTestingCorrection)9).Adjust([0.1])).ParamName);
        Assert.Throws<ArgumentNullException>(() => MultipleTestingCorrection.Holm.Adjust(null!));
    }
}
