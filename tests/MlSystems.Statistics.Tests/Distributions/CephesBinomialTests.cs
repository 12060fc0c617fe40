using System.Globalization;
using Xunit.Abstractions;

namespace MlSystems.Statistics.Tests.Distributions;

public sealed class CephesBinomialTests(ITestOutputHelper output)
{
    [Fact]
    public void Binomial_coefficients_match_scipy_special_binom()
    {
        GoldenCsv csv = GoldenCsv.Load("binom.csv");
        var check = new ScipyTolerance();
        int identical = 0;
        foreach (string[] row in csv.Rows)
        {
            double n = csv.Double(row, "n");
            double k = csv.Double(row, "k");
            double expected = csv.Double(row, "binom");
            double actual = CephesBinomial.Binomial(n, k);
            check.Check(expected, actual, string.Create(CultureInfo.InvariantCulture, $"n={n}, k={k}"));
            identical += expected.Equals(actual) ? 1 : 0;
        }

        output.WriteLine($"bit-identical: {identical} of {csv.Rows.Count}");
        check.AssertAll(output, "binom");
    }
}
