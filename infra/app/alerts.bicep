// What tells an operator something is wrong before a reader does: an action group (e-mail), one alert per
// failure docs/OPERATIONS.md describes, and a workbook of the app's own metrics (Telemetry/SyndicationMetrics.cs
// names them; the same names are printed locally).
param location string
param tags object = {}

@description('Application Insights the app sends its telemetry and metrics to.')
param applicationInsightsName string

param actionGroupName string
param workbookName string

@description('Where alerts are e-mailed; empty deploys the action group without a receiver.')
param alertEmail string = ''

@description('Hours without a successful scheduled backup before the export alert fires.')
@minValue(1)
@maxValue(48)
param backupMissedHours int = 26

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'syndication'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Each alert: a name (also the docs' heading), a severity, a log query over Application Insights, and how it fires.
var alerts = [
  {
    name: 'failed-executions'
    description: 'Function executions failed (any trigger).'
    severity: 1
    query: 'requests | where success == false | summarize failures = count()'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT5M'
    window: 'PT15M'
  }
  {
    name: 'server-errors'
    description: 'HTTP 5xx answers (503 storage unavailable included).'
    severity: 1
    query: 'requests | where toint(resultCode) >= 500 | summarize errors = count()'
    operator: 'GreaterThan'
    threshold: 5
    frequency: 'PT5M'
    window: 'PT15M'
  }
  {
    name: 'rejected-inbox-files'
    description: 'Files dropped into the inbox were rejected (see articles-rejected and their .error.json).'
    severity: 2
    query: 'customMetrics | where name == "syndication.inbox.files" and tostring(customDimensions.outcome) == "rejected" | summarize rejected = sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT15M'
    window: 'PT1H'
  }
  {
    name: 'storage-unavailable'
    description: 'Storage did not answer, or throttled the app.'
    severity: 1
    query: 'customMetrics | where name in ("syndication.storage.unavailable", "syndication.storage.throttled") | summarize failures = sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT5M'
    window: 'PT15M'
  }
  {
    name: 'backup-not-run'
    description: 'No scheduled backup succeeded in the last ${backupMissedHours} hours.'
    severity: 2
    query: 'requests | where name == "BackupStore" and success == true | summarize backups = count()'
    operator: 'LessThan'
    threshold: 1
    frequency: 'PT1H'
    window: 'PT${backupMissedHours}H'
  }
  {
    name: 'poison-messages'
    description: 'Queue messages were moved to a -poison queue after their last retry.'
    severity: 2
    query: 'customMetrics | where name == "syndication.messages.poisoned" | summarize poisoned = sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT15M'
    window: 'PT1H'
  }
]

resource queryAlerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for alert in alerts: {
    name: 'alert-${alert.name}-${applicationInsightsName}'
    location: location
    tags: tags
    properties: {
      displayName: 'SyndicationFunctions: ${alert.name}'
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Total'
            metricMeasureColumn: split(split(alert.query, 'summarize ')[1], ' =')[0]
            operator: alert.operator
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

// The workbook: one chart per figure the app counts.
var workbookCharts = [
  {
    title: 'Articles created, updated, withdrawn'
    metrics: '"syndication.articles.created", "syndication.articles.updated", "syndication.articles.withdrawn"'
  }
  { title: 'Articles rejected, by reason', metrics: '"syndication.articles.rejected"' }
  { title: 'Inbox files, by outcome', metrics: '"syndication.inbox.files"' }
  {
    title: 'Storage calls, throttling, unavailability, conflict retries'
    metrics: '"syndication.storage.calls", "syndication.storage.throttled", "syndication.storage.unavailable", "syndication.storage.conflicts"'
  }
  { title: 'Feed requests and 304s', metrics: '"syndication.feeds.requests", "syndication.feeds.not_modified"' }
  { title: 'Feed bytes sent', metrics: '"syndication.feeds.bytes"' }
  { title: 'Backups and migrated rows', metrics: '"syndication.backups.completed", "syndication.layout.migrated"' }
  {
    title: 'Push deliveries, given-up deliveries, poisoned messages'
    metrics: '"syndication.push.deliveries", "syndication.push.gave_up", "syndication.messages.poisoned"'
  }
]

var workbookItems = [
  for chart in workbookCharts: {
    type: 3
    content: {
      version: 'KqlItem/1.0'
      title: chart.title
      query: 'customMetrics | where name in (${chart.metrics}) | summarize value = sum(valueSum) by name, bin(timestamp, 15m) | render timechart'
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'timechart'
    }
  }
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, workbookName)
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'SyndicationFunctions operations'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: workbookItems
      isLocked: false
    })
  }
}

output actionGroupId string = actionGroup.id
