using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>The library's tests behind the extension point, under the names the report and its overrides use.</summary>
internal static class BuiltInTests
{
    public static IEnumerable<IDriftTest> All() =>
    [
        new Ks(), new Psi(), new WassersteinTest(), new JensenShannonNumeric(), new HellingerNumeric(),
        new ChiSquared(), new ZTest(), new JensenShannonCategorical(), new HellingerCategorical(), new LInfinityTest(), new PsiCategorical(),
    ];

    private sealed class Ks : NumericDriftTest
    {
        public override string Name => DriftTestNames.KolmogorovSmirnov;

        public override bool YieldsPValue => true;

        public override double DefaultThreshold => KolmogorovSmirnov.DefaultAlpha;

        /// <remarks>
        /// On a sketch-only profile the statistic comes from the sketch's quantiles, within ε + 1/m of the exact one (with
        /// the sketch's 99% probability). The p-values at the true reference size (the asymptotic distribution, as scipy
        /// uses for large samples) at both ends of that range are in the details, and the verdict uses the larger: with a
        /// large reference the critical distance can be far below ε, and sketch noise alone must not flag drift.
        /// </remarks>
        public override DriftTestResult Evaluate(FeatureProfile reference, FeatureColumn current, double threshold)
        {
            DriftTestResult result = base.Evaluate(reference, current, threshold);
            if (reference.HasExactSample)
            {
                return result;
            }

            // Beyond int.MaxValue values the effective size n·m/(n+m) is m to many digits: the clamp changes nothing.
            int n1 = (int)Math.Min(reference.Count, int.MaxValue), n2 = (int)result.CurrentCount;
            double d = result.Statistic;
            double bound = result.Details[DriftTestResult.SketchRankErrorDetail] + (1.0 / result.Details[DriftTestResult.SketchQuantilesDetail]);
            var details = new Dictionary<string, double>(result.Details, StringComparer.Ordinal)
            {
                [DriftTestResult.StatisticErrorBoundDetail] = bound,
                ["pValueLow"] = KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, Math.Min(1, d + bound), KsAlternative.TwoSided),
                ["pValueAtStatistic"] = KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, d, KsAlternative.TwoSided),
                ["pValueHigh"] = KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, Math.Max(0, d - bound), KsAlternative.TwoSided),
            };
            return result with { PValue = details["pValueHigh"], Details = details };
        }

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) =>
            KolmogorovSmirnov.TwoSampleSorted(sortedReference, current, alpha: threshold).ToDriftTestResult();
    }

    /// <summary>PSI against the profile's own bins: one counting pass, no reference data.</summary>
    private sealed class Psi : IDriftTest
    {
        public string Name => DriftTestNames.PopulationStabilityIndex;

        public FeatureKind Kind => FeatureKind.Numeric;

        public double DefaultThreshold => PsiOptions.DefaultThreshold;

        public DriftTestResult Evaluate(FeatureProfile reference, FeatureColumn current, double threshold)
        {
            ExtensionArguments.RequireKinds(reference, current, FeatureKind.Numeric, Name);
            return reference.TestPsi(current.NumericValues.Span, threshold, NaNPolicy.Omit).ToDriftTestResult();
        }
    }

    private sealed class WassersteinTest : NumericDriftTest
    {
        public override string Name => DriftTestNames.Wasserstein;

        public override double DefaultThreshold => Wasserstein.DefaultThreshold;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) =>
            Wasserstein.Compute(sortedReference, current, threshold);
    }

    private sealed class JensenShannonNumeric : NumericDriftTest
    {
        public override string Name => DriftTestNames.JensenShannon;

        public override double DefaultThreshold => JensenShannon.DefaultThreshold;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) =>
            JensenShannon.Compute(sortedReference, current, threshold);
    }

    private sealed class HellingerNumeric : NumericDriftTest
    {
        public override string Name => DriftTestNames.Hellinger;

        public override double DefaultThreshold => Hellinger.DefaultThreshold;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) =>
            Hellinger.Compute(sortedReference, current, threshold);
    }

    private sealed class ChiSquared : CategoricalDriftTest
    {
        public override string Name => DriftTestNames.ChiSquared;

        public override bool YieldsPValue => true;

        public override double DefaultThreshold => ChiSquaredTest.DefaultAlpha;

        protected override DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold) =>
            ChiSquaredTest.Compute(reference, current, threshold);
    }

    /// <summary>The z-test on the share of the reference's most frequent category (ties broken ordinally).</summary>
    private sealed class ZTest : CategoricalDriftTest
    {
        public override string Name => DriftTestNames.TwoProportionZ;

        public override bool YieldsPValue => true;

        public override double DefaultThreshold => ChiSquaredTest.DefaultAlpha;

        protected override DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold)
        {
            string category = reference.Entries.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
            return TwoProportionZTest.Compute(reference[category], reference.Total, current[category], current.Total, threshold);
        }
    }

    private sealed class JensenShannonCategorical : CategoricalDriftTest
    {
        public override string Name => DriftTestNames.JensenShannon;

        public override double DefaultThreshold => JensenShannon.DefaultThreshold;

        protected override DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold) =>
            JensenShannon.Compute(reference, current, threshold);
    }

    private sealed class HellingerCategorical : CategoricalDriftTest
    {
        public override string Name => DriftTestNames.Hellinger;

        public override double DefaultThreshold => Hellinger.DefaultThreshold;

        protected override DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold) =>
            Hellinger.Compute(reference, current, threshold);
    }

    private sealed class LInfinityTest : CategoricalDriftTest
    {
        public override string Name => DriftTestNames.LInfinity;

        public override double DefaultThreshold => LInfinity.DefaultThreshold;

        protected override DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold) =>
            LInfinity.Compute(reference, current, threshold);
    }

    /// <summary>PSI over categories, one bin per category, with the same empty-bin floor as the numeric PSI.</summary>
    private sealed class PsiCategorical : CategoricalDriftTest
    {
        public override string Name => DriftTestNames.PopulationStabilityIndex;

        public override double DefaultThreshold => PsiOptions.DefaultThreshold;

        protected override DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold)
        {
            CategoryPair pair = CategoryPair.Build(reference, current);
            double psi = PopulationStabilityIndex.Index(ShareFloor.Shares(pair.ReferenceCounts, pair.ReferenceTotal), ShareFloor.Shares(pair.CurrentCounts, pair.CurrentTotal));

            return new DriftTestResult
            {
                TestName = Name,
                Statistic = psi,
                EffectSize = psi,
                ReferenceCount = pair.ReferenceTotal,
                CurrentCount = pair.CurrentTotal,
                Threshold = threshold,
            };
        }
    }
}
