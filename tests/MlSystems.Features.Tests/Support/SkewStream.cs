namespace MlSystems.Features.Tests.Support;

/// <summary>
/// Streams that hit every edge of the window rules: bursts of events at one instant, events exactly one window after
/// another, values offset by 1e9, and arrivals late within the lateness and far beyond it.
/// </summary>
internal static class SkewStream
{
    public static readonly TimeSpan Lateness = TimeSpan.FromMinutes(5);

    /// <summary>The events in the order they arrive; their times in whole seconds.</summary>
    public static Payment[] Arrivals(int seed, int count, int cards)
    {
        var random = new Random(seed);
        var events = new List<(Payment Event, DateTimeOffset Arrival)>(count);
        DateTimeOffset clock = Payments.Start;
        for (int i = 0; i < count; i++)
        {
            int cardNumber = random.Next(cards);
            DateTimeOffset time = random.Next(10) switch
            {
                < 3 when i > 0 => events[^1].Event.Time,                                        // a burst at one instant
                3 when i > 0 => events[random.Next(events.Count)].Event.Time.AddMinutes(10),   // one window after another event
                _ => clock = clock.AddSeconds(random.Next(0, 90)),
            };
            if (i > 0 && random.Next(3) == 0)
            {
                cardNumber = int.Parse(events[^1].Event.Card.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);   // the same card again, so its bursts are real
            }

            string card = $"card-{cardNumber}";
            double amount = cardNumber % 2 == 0 ? 1e9 + random.Next(-500, 500) : random.Next(1, 400) + (random.Next(100) / 100.0);
            TimeSpan delay = random.Next(100) switch
            {
                < 15 => TimeSpan.FromSeconds(random.Next(1, 240)),     // late, within the lateness
                < 17 => TimeSpan.FromMinutes(random.Next(10, 30)),     // far beyond it
                _ => TimeSpan.Zero,
            };
            var payment = new Payment(card, time, amount, random.Next(4) switch { 0 => "FR", 1 => "DE", 2 => "ES", _ => null }, $"p{i}");
            events.Add((payment, time + delay));
        }

        return [.. events.OrderBy(e => e.Arrival).Select(e => e.Event)];
    }
}
