-- Argo CD health of a StatefulSet for this repository's sync loop: the bot acts on chain only
-- once the network is Healthy, so Healthy must mean every replica runs the merged revision
-- and is ready. The built-in check reports Healthy too early for partitioned rolling updates
-- and never waits for OnDelete updates.
local hs = {}

local function progressing(message)
  hs.status = "Progressing"
  hs.message = message
  return hs
end

if obj.status == nil then
  return progressing("Waiting for the StatefulSet controller to report status")
end

local status = obj.status
local generation = obj.metadata.generation or 0
local observed = status.observedGeneration or 0
if observed < generation then
  return progressing("Waiting for the controller to observe generation " .. generation .. " (observed " .. observed .. ")")
end

local wanted = 1
if obj.spec ~= nil and obj.spec.replicas ~= nil then
  wanted = obj.spec.replicas
end
local updated = status.updatedReplicas or 0
local ready = status.readyReplicas or 0
local current = status.replicas or 0

if current ~= wanted then
  return progressing("Scaling: " .. current .. " of " .. wanted .. " replicas exist")
end

-- A partition (RollingUpdate) or OnDelete leaves old pods running: the update is not done
-- until they are replaced too, whatever the strategy promises.
if updated < wanted then
  local strategy = {}
  if obj.spec ~= nil and obj.spec.updateStrategy ~= nil then
    strategy = obj.spec.updateStrategy
  end
  local message = "Updating: " .. updated .. " of " .. wanted .. " replicas on the current revision"
  if strategy.type == "OnDelete" then
    message = message .. " (OnDelete: delete the remaining pods to update them)"
  elseif strategy.rollingUpdate ~= nil and (strategy.rollingUpdate.partition or 0) > 0 then
    message = message .. " (partition " .. strategy.rollingUpdate.partition .. ")"
  end
  return progressing(message)
end

if ready < wanted then
  return progressing("Waiting for readiness: " .. ready .. " of " .. wanted .. " replicas ready")
end

if status.updateRevision ~= nil and status.currentRevision ~= status.updateRevision then
  return progressing("Waiting for revision " .. status.updateRevision .. " to become current (now " .. tostring(status.currentRevision) .. ")")
end

hs.status = "Healthy"
hs.message = "All " .. wanted .. " replicas ready on revision " .. tostring(status.currentRevision)
return hs
