// The dead man's switch: a guard that stops working must page someone, because a dead guard and a
// quiet estate look the same from outside. Azure Monitor (not the guard) evaluates these rules,
// so they fire when the function app, its trigger or its identity is broken:
//   - function failures (any failed invocation: exceptions, timeouts, host errors);
//   - no completed sweep within twice the sweep interval (DlpGuardSweep logs one line
//     {"kind":"dlp-guard.sweep","status":"completed",...} per run; the rule counts them);
//   - guard-health gaps the self-check logged ({"kind":"dlp-guard.health","ok":false,...});
//   - per system topic: failed or dead-lettered Event Grid deliveries (topic metrics).
targetScope = 'resourceGroup'

param namePrefix string
param location string
param tags object

@description('Where the alerts go; an empty list creates the rules with an action group that has no receiver (add them later in the portal or redeploy).')
param alertEmails array

@description('Log Analytics workspace of the guard\'s Application Insights (AppRequests, AppTraces).')
param logAnalyticsId string

@minValue(5)
@maxValue(1440)
@description('Interval of the sweep schedule in minutes; the no-sweep rule looks back twice as long.')
param sweepIntervalMinutes int

@description('Resource ids of the Event Grid system topics that deliver to the guard.')
param topicIds array

// Log search alert rules query the workspace with their own identity: the workspace has local
// (shared key) authentication disabled. Log Analytics Reader, on this workspace only.
var logAnalyticsReaderRoleId = '73c42c96-874c-492b-b04d-ab87d138a893'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-oncall'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'dlpguard'
    enabled: true
    emailReceivers: [for (email, i) in alertEmails: {
      name: 'email-${i}'
      emailAddress: email
      useCommonAlertSchema: true
    }]
  }
}

var logRules = [
  {
    name: 'function-failures'
    displayName: 'DLP Guard: function invocations failed'
    description: 'A DLP Guard function (Event Grid, sweep or re-check) failed. Event Grid retries event deliveries, but a guard that keeps failing enforces nothing.'
    severity: 1
    query: 'AppRequests | where Success == false'
    operator: 'GreaterThan'
    threshold: 0
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
  {
    name: 'no-sweep'
    displayName: 'DLP Guard: no completed sweep'
    description: 'No DlpGuardSweep run completed within twice the sweep interval: the guard is down, its timer stopped, or every sweep fails.'
    severity: 1
    query: 'AppTraces | where Message has \'"kind":"dlp-guard.sweep"\' and Message has \'"status":"completed"\''
    operator: 'LessThan'
    threshold: 1
    evaluationFrequency: 'PT1H'
    windowSize: 'PT${2 * sweepIntervalMinutes}M'
  }
  {
    name: 'guard-health'
    displayName: 'DLP Guard: self-check found a gap'
    description: 'The guard\'s self-check (every sweep) found something that stops it from enforcing: a missing permission, a broken event subscription, an unreadable configured resource. Run `doctor` for the table.'
    severity: 1
    query: 'AppTraces | where Message has \'"kind":"dlp-guard.health"\' and Message has \'"ok":false\''
    operator: 'GreaterThan'
    threshold: 0
    evaluationFrequency: 'PT15M'
    windowSize: 'PT${2 * sweepIntervalMinutes}M'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in logRules: {
  name: '${namePrefix}-${rule.name}'
  location: location
  tags: tags
  kind: 'LogAlert'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    displayName: rule.displayName
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [
      logAnalyticsId
    ]
    evaluationFrequency: rule.evaluationFrequency
    windowSize: rule.windowSize
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: rule.operator
          threshold: rule.threshold
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
}]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: last(split(logAnalyticsId, '/'))
}

resource logAlertReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (rule, i) in logRules: {
  name: guid(workspace.id, rule.name, logAnalyticsReaderRoleId)
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', logAnalyticsReaderRoleId)
    principalId: logAlerts[i].identity.principalId
    principalType: 'ServicePrincipal'
    description: 'DLP Guard dead man\'s switch: log search alert ${rule.name} reads the guard\'s logs.'
  }
}]

// Event Grid system topic metrics: a failed delivery attempt (the function answered an error or
// nothing) and a dead-lettered event (every retry failed, or the event expired).
var topicMetrics = [
  {
    name: 'delivery-failures'
    metricName: 'DeliveryAttemptFailCount'
    description: 'Event Grid could not deliver an ARM event to the guard; it retries, then dead-letters.'
  }
  {
    name: 'dead-lettered'
    metricName: 'DeadLetteredCount'
    description: 'An ARM event was dead-lettered: the guard never handled it (the next sweep re-reads everything, but the event-time rollback was missed).'
  }
]

var topicRules = flatten(map(range(0, length(topicIds)), i => map(topicMetrics, m => {
  name: '${namePrefix}-topic${i}-${m.name}'
  topicId: topicIds[i]
  metricName: m.metricName
  description: m.description
})))

resource topicAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for rule in topicRules: {
  name: rule.name
  location: 'global'
  tags: tags
  properties: {
    description: rule.description
    severity: 1
    enabled: true
    scopes: [
      rule.topicId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: rule.metricName
          metricName: rule.metricName
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}]

output actionGroupId string = actionGroup.id
output logAlertNames array = [for (rule, i) in logRules: logAlerts[i].name]
output topicAlertNames array = [for (rule, i) in topicRules: topicAlerts[i].name]
