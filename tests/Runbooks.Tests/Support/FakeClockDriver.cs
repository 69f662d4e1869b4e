using Microsoft.Extensions.Time.Testing;

namespace Runbooks.Tests.Support;

/// <summary>Moves a fake clock forward, a step at a time, while the code under test waits on it.</summary>
public static class FakeClockDriver
{
    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="work"/> ends, pausing for real
    /// between steps so continuations that hop threads can take their next wait. Fails once <paramref name="limit"/> of
    /// fake time has passed, so a wait that never ends fails the test instead of hanging it.
    /// </summary>
    public static async Task<T> Drive<T>(this FakeTimeProvider time, Task<T> work, TimeSpan step, TimeSpan limit)
    {
        var start = time.GetTimestamp();
        while (!work.IsCompleted)
        {
            await Task.Delay(1);
            if (work.IsCompleted) break;
            if (time.GetElapsedTime(start) >= limit)
                throw new TimeoutException($"Still running after {limit} of fake time.");
            time.Advance(step);
        }
        return await work;
    }

    /// <inheritdoc cref="Drive{T}(FakeTimeProvider, Task{T}, TimeSpan, TimeSpan)"/>
    public static Task Drive(this FakeTimeProvider time, Task work, TimeSpan step, TimeSpan limit)
        => time.Drive(work.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step, limit);
}
