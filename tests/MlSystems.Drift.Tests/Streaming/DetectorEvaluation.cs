namespace MlSystems.Drift.Tests.Streaming;

/// <summary>
/// Runs a detector over seeded streams that change once, and measures what matters in production: how often it alarms
/// before the change (false alarms) and how long after the change it takes to alarm (detection delay).
/// </summary>
internal static class DetectorEvaluation
{
    public sealed record Outcome(string Detector, double FalseAlarmRate, double DetectionRate, double MeanDelay, double FalseAlarmsPerThousand)
    {
        public override string ToString() =>
            $"{Detector}: false-alarm streams {FalseAlarmRate:P1}, {FalseAlarmsPerThousand:F2} alarms per 1000 stationary values, detected {DetectionRate:P1}, mean delay {MeanDelay:F0}";
    }

    /// <param name="create">Makes a fresh detector.</param>
    /// <param name="before">Draws a pre-change value.</param>
    /// <param name="after">Draws a post-change value.</param>
    /// <param name="streams">How many seeded streams.</param>
    /// <param name="changeAt">Values before the change.</param>
    /// <param name="horizon">Values after the change within which an alarm counts as a detection.</param>
    public static Outcome Run(Func<IStreamingDriftDetector> create, Func<Random, double> before, Func<Random, double> after, int streams, int changeAt, int horizon)
    {
        int falseAlarmStreams = 0, detected = 0;
        long falseAlarms = 0, delaySum = 0;
        string name = "";
        for (int s = 0; s < streams; s++)
        {
            var random = new Random(1000 + s);
            IStreamingDriftDetector detector = create();
            name = detector.Name;
            bool anyFalse = false;
            for (int t = 0; t < changeAt; t++)
            {
                detector.Update(before(random));
                if (detector.DriftDetected)
                {
                    falseAlarms++;
                    anyFalse = true;
                }
            }

            falseAlarmStreams += anyFalse ? 1 : 0;
            for (int t = 0; t < horizon; t++)
            {
                detector.Update(after(random));
                if (detector.DriftDetected)
                {
                    detected++;
                    delaySum += t + 1;
                    break;
                }
            }
        }

        return new Outcome(
            name,
            (double)falseAlarmStreams / streams,
            (double)detected / streams,
            detected == 0 ? double.PositiveInfinity : (double)delaySum / detected,
            1000.0 * falseAlarms / ((long)streams * changeAt));
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double Bernoulli(Random random, double p) => random.NextDouble() < p ? 1 : 0;
}
