namespace MlSystems.Drift;

/// <summary>The adjustment each <see cref="MultipleTestingCorrection"/> stands for, as <see cref="DriftReport"/> applies it.</summary>
public static class MultipleTestingCorrectionExtensions
{
    /// <summary>
    /// Adjusts a family of p-values: Bonferroni <c>min(1, p·m)</c>; Holm's step-down <c>max</c> over smaller ranks of
    /// <c>min(1, (m − rank)·p)</c>; Benjamini–Hochberg's step-up <c>min</c> over larger ranks of <c>min(1, p / ((rank + 1) / m))</c>.
    /// The values equal statsmodels' <c>multipletests</c> (<c>bonferroni</c>, <c>holm</c>, <c>fdr_bh</c>) to the last bits.
    /// </summary>
    /// <param name="correction">The correction.</param>
    /// <param name="pValues">
    /// The raw p-values in [0, 1]. A null (a test without a p-value, such as a distance) and a NaN (a test on a
    /// propagated NaN sample) pass through unchanged and do not count towards m.
    /// </param>
    /// <returns>A new array, index for index; <see cref="MultipleTestingCorrection.None"/> returns a copy.</returns>
    /// <remarks>Every correction is monotone: a smaller raw p-value never gets a larger adjusted one.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="pValues"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="correction"/> is not defined, or a p-value lies outside [0, 1] (the message gives its index).
    /// </exception>
    public static double?[] Adjust(this MultipleTestingCorrection correction, IReadOnlyList<double?> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        if (!Enum.IsDefined(correction))
        {
            throw new ArgumentOutOfRangeException(nameof(correction), correction, "Unknown multiple-testing correction.");
        }

        double?[] adjusted = new double?[pValues.Count];
        var tested = new List<int>(pValues.Count);
        for (int i = 0; i < adjusted.Length; i++)
        {
            double? p = pValues[i];
            if (p is double v && !double.IsNaN(v))
            {
                if (v is < 0 or > 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(pValues), v, $"p-value {i} is {v}, outside [0, 1].");
                }

                tested.Add(i);
            }

            adjusted[i] = p;
        }

        int m = tested.Count;
        if (correction == MultipleTestingCorrection.None || m == 0)
        {
            return adjusted;
        }

        // Tied p-values end with one adjusted value whichever order the sort leaves them in.
        int[] order = [.. tested.OrderBy(i => pValues[i]!.Value)];
        switch (correction)
        {
            case MultipleTestingCorrection.Bonferroni:
                foreach (int i in tested)
                {
                    adjusted[i] = Math.Min(1, pValues[i]!.Value * m);
                }

                break;
            case MultipleTestingCorrection.Holm:
                double running = 0;
                for (int rank = 0; rank < m; rank++)
                {
                    running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]!.Value));
                    adjusted[order[rank]] = running;
                }

                break;
            default:
                double next = 1;
                for (int rank = m - 1; rank >= 0; rank--)
                {
                    // p / (rank / m), the one rounding statsmodels has, rather than p · m / rank.
                    next = Math.Min(next, Math.Min(1, pValues[order[rank]]!.Value / ((rank + 1) / (double)m)));
                    adjusted[order[rank]] = next;
                }

                break;
        }

        return adjusted;
    }
}
