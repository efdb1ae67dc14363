using SyndicationFunctions.LocalHost.Catalog;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Timers;

/// <summary>
/// Runs one timer function as the Functions host does: its schedule from the attribute, or from the setting a
/// <c>%Name%</c> schedule names; at each occurrence (UTC) one invocation in a fresh scope, never two at once; a failed
/// invocation is logged and the next occurrence comes as usual. A schedule setting that is not set leaves the function
/// unscheduled (said once in the log); one that is not NCRONTAB is a warning (the real host would not index it).
/// </summary>
public sealed partial class TimerTriggerRunner(
    TimerFunction function,
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<TimerTriggerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expression = function.Schedule;
        if (expression is ['%', .. var name, '%'])
        {
            expression = configuration[name] ?? "";
        }

        if (string.IsNullOrWhiteSpace(expression))
        {
            LogNotScheduled(logger, function.Name, function.Schedule);
            return;
        }

        NcrontabSchedule schedule;
        try
        {
            schedule = NcrontabSchedule.Parse(expression);
        }
        catch (FormatException ex)
        {
            LogNoSchedule(logger, function.Name, ex.Message);
            return;
        }

        if (function.RunOnStartup)
        {
            await InvokeAsync(schedule, stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.Next(time.GetUtcNow());
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }

            await InvokeAsync(schedule, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task InvokeAsync(NcrontabSchedule schedule, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var timer = new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = now.UtcDateTime, Next = schedule.Next(now).UtcDateTime, LastUpdated = now.UtcDateTime } };
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await function.Function.InvokeAsync(scope.ServiceProvider, function.BindArguments(timer, stoppingToken)).ConfigureAwait(false);
            LogRan(logger, function.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, function.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed 'Functions.{FunctionName}' (timer)")]
    private static partial void LogRan(ILogger logger, string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (timer) (Failed)")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer function {FunctionName} is not run: {Schedule} names no setting with a schedule")]
    private static partial void LogNotScheduled(ILogger logger, string functionName, string schedule);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {FunctionName} is not run: {Problem}")]
    private static partial void LogNoSchedule(ILogger logger, string functionName, string problem);
}
