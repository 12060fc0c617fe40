using System.Diagnostics;
using MlSystems.Drift;
using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

// A tour of the statistics core on synthetic transaction amounts: a training window, then a serving window
// whose amounts have shifted upward, summarised on four "hosts" and merged as a monitoring service would.
const int WindowLength = 1_000_000;
var random = new Random(20261128);
double[] training = LogNormal(random, WindowLength, mu: 3.0, sigma: 0.8);
double[] serving = LogNormal(random, WindowLength, mu: 3.15, sigma: 0.8);

Console.WriteLine($"MlSystems.Statistics sample: two windows of {WindowLength:N0} transaction amounts");
Console.WriteLine();

var clock = Stopwatch.StartNew();
MeanVarianceResult trainingMoments = SpanStatistics.MeanVariance(training);
MeanVarianceResult servingMoments = SpanStatistics.MeanVariance(serving);
Console.WriteLine($"mean ± sd   training {trainingMoments.Mean,8:F3} ± {trainingMoments.SampleStandardDeviation:F3}   serving {servingMoments.Mean,8:F3} ± {servingMoments.SampleStandardDeviation:F3}   ({Elapsed(clock)})");

double[] deciles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
double[] edges = new double[deciles.Length];
clock.Restart();
SpanStatistics.Quantiles(training, deciles, edges);
Console.WriteLine($"training deciles (numpy 'linear'): {string.Join("  ", edges.Select(e => e.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}   ({Elapsed(clock)})");

long[] trainingCounts = new long[edges.Length + 1];
long[] servingCounts = new long[edges.Length + 1];
clock.Restart();
SpanStatistics.CountBins(training, edges, trainingCounts);
SpanStatistics.CountBins(serving, edges, servingCounts);
Console.WriteLine($"serving share per training decile bin: {string.Join("  ", servingCounts.Select(c => ((double)c / WindowLength).ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))}   ({Elapsed(clock)})");

double[] sortedTraining = (double[])training.Clone();
double[] sortedServing = (double[])serving.Clone();
clock.Restart();
SpanStatistics.Sort(sortedTraining);
SpanStatistics.Sort(sortedServing);
EcdfDifference gap = SpanStatistics.EcdfDifference(sortedTraining, sortedServing);
Console.WriteLine($"largest ECDF gap (KS statistic) {gap.Statistic:F4} at amount {gap.DPlusLocation:F2}   ({Elapsed(clock)} for two sorts and the merge walk)");
Console.WriteLine();

// Four hosts each summarise a quarter of the serving window; the merged summaries equal one host's view.
var moments = new RunningMoments();
var sketch = new KllSketch();
var histogram = new FixedEdgeHistogram(edges);
for (int host = 0; host < 4; host++)
{
    ReadOnlySpan<double> quarter = serving.AsSpan(host * (WindowLength / 4), WindowLength / 4);
    var hostMoments = new RunningMoments();
    var hostSketch = new KllSketch(seed: (ulong)host + 1);
    var hostHistogram = new FixedEdgeHistogram(edges);
    hostMoments.Add(quarter);
    hostSketch.Add(quarter);
    hostHistogram.Add(quarter);
    moments.Merge(hostMoments);
    sketch.Merge(hostSketch);
    histogram.Merge(hostHistogram);
}

Console.WriteLine($"merged over 4 hosts: n = {moments.Count:N0}, mean {moments.Mean:F3}, skewness {moments.Skewness:F3}");
Console.WriteLine($"KLL median {sketch.Quantile(0.5):F3} vs exact {SpanStatistics.QuantileOfSorted(sortedServing, 0.5):F3} (rank error bound ±{sketch.NormalizedRankError:P2}, {sketch.RetainedItems} items kept)");
Console.WriteLine($"merged histogram equals the one-pass counts: {histogram.Counts.SequenceEqual(servingCounts)}");
Console.WriteLine($"sketch as JSON: {sketch.ToJson().Length:N0} characters, round-trips: {KllSketch.FromJson(sketch.ToJson()).ToJson() == sketch.ToJson()}");

// The drift package on the same windows: a profile fitted once on training data, and a serving window (amounts up,
// online merchants up from a quarter to about half) checked against it.
Console.WriteLine();
string[] merchants = ["grocery", "travel", "online", "fuel"];
DriftDataset Window(double[] amounts, double onlineShare, int seed)
{
    var pick = new Random(seed);
    string?[] merchant = new string?[amounts.Length];
    for (int i = 0; i < merchant.Length; i++)
    {
        merchant[i] = pick.NextDouble() < onlineShare ? "online" : merchants[pick.Next(merchants.Length)];
    }

    return new DriftDataset([FeatureColumn.Numeric("amount", amounts), FeatureColumn.Categorical("merchant", merchant)]);
}

clock.Restart();
ReferenceProfile profile = ReferenceProfile.Fit(Window(training, 0.0, 1));
DriftReport report = DriftReport.Compute(profile, Window(serving, 0.3, 2));
Console.WriteLine($"drift report against the training profile ({Elapsed(clock)} including the fit):");
foreach (FeatureDriftResult feature in report.Features)
{
    Console.WriteLine($"  {feature.Name,-9} {feature.Result.TestName,-15} statistic {feature.Result.Statistic:F4}  {(feature.Drifted ? "DRIFTED" : "ok")}");
}

KsResult ks = profile.Find("amount")!.TestKolmogorovSmirnov(serving);
Console.WriteLine($"  amount KS against the profile: D = {ks.Statistic:F4}, p = {ks.PValue:E2} ({ks.Method})");

// A model's error stream whose error rate rises from 10% to 25% after 3000 predictions: ADWIN notices.
var adwin = new Adwin();
for (int t = 0; t < 6000; t++)
{
    adwin.Update(random.NextDouble() < (t < 3000 ? 0.10 : 0.25) ? 1 : 0);
    if (adwin.DriftDetected)
    {
        Console.WriteLine($"ADWIN: error rate changed, detected at prediction {t} (change at 3000); ADWIN keeps the last {adwin.Width} predictions");
        break;
    }
}

static double[] LogNormal(Random random, int n, double mu, double sigma)
{
    double[] x = new double[n];
    for (int i = 0; i < n; i++)
    {
        double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        x[i] = Math.Exp(mu + (sigma * normal));
    }

    return x;
}

static string Elapsed(Stopwatch clock) => $"{clock.Elapsed.TotalMilliseconds:F1} ms";
