# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask orchestration: list, show, history, start, raise-event, suspend, resume, terminate, restart,
rewind, purge, export; the actions also by filter, in bulk. Over the public gRPC protocol of a task hub (see
_dataplane.py); inputs were checked by the validators."""

import json

from knack.log import get_logger

from azext_durabletask._dataplane import task_hub_session
from azext_durabletask._validators import (FINISHED_ORCHESTRATION_STATUSES as FINISHED_STATUSES, next_token_window,
                                           parse_next_token)

logger = get_logger(__name__)

# The protocol's status names and how az shows them.
STATUS_NAMES = {
    'RUNNING': 'Running', 'COMPLETED': 'Completed', 'CONTINUED_AS_NEW': 'ContinuedAsNew', 'FAILED': 'Failed',
    'CANCELED': 'Canceled', 'TERMINATED': 'Terminated', 'PENDING': 'Pending', 'SUSPENDED': 'Suspended',
}


# --- reading --------------------------------------------------------------------------------------------------

def list_orchestrations(cmd, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                        connection_string=None, status=None, created_after=None, created_before=None,
                        name=None, instance_id_prefix=None, stuck=None, last_updated_after=None,
                        last_updated_before=None, max_items=None, next_token=None):
    from azext_durabletask._format import transform_orchestration_list
    from azext_durabletask._instances import NewestFirst, Selection, stream_output
    selection = Selection(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                          stuck=stuck, updated_after=last_updated_after, updated_before=last_updated_before)
    position = parse_next_token(next_token) if next_token else None
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        if max_items is None:
            # No limit: written as read, window after window, so memory stays bounded by one window.
            walk = NewestFirst(hub, selection, position=position, window=next_token_window(next_token))
            return stream_output(cmd, (state_to_dict(hub, state) for state in walk), transform_orchestration_list)
        # One more than shown says whether another page exists.
        walk = NewestFirst(hub, selection, need=max_items + 1, position=position,
                           window=next_token_window(next_token))
        page = list(walk)
        _log_reads(hub, walk)
    if len(page) > max_items:
        page = page[:max_items]
        logger.warning('More orchestrations match. For the next page, add: --next-token %s',
                       encode_next_token(sort_key(page[-1]), walk.window))
    return [state_to_dict(hub, state) for state in page]


def _log_reads(hub, walk):
    logger.info('Read %s instance(s) from %s in %s quer%s.', getattr(hub, 'instances_read', 0), hub.target,
                walk.queries, 'y' if walk.queries == 1 else 'ies')


def show_orchestration(cmd, instance_id, *, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                       endpoint=None, connection_string=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        return state_to_dict(hub, _get_state(hub, instance_id, payloads=True), payloads=True)


def show_orchestration_history(cmd, instance_id, *, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                               endpoint=None, connection_string=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        events = list(_history(hub, instance_id))
        if not events:
            _get_state(hub, instance_id)  # an instance that has not run yet has no history; a missing one fails
        return [event_to_dict(event) for event in events]


def _history(hub, instance_id):
    request = hub.pb.StreamInstanceHistoryRequest(instanceId=instance_id)
    for chunk in hub.stub.StreamInstanceHistory(request):
        yield from chunk.events


# pylint: disable-next=too-many-locals
def export_orchestrations(cmd, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                          connection_string=None, status=None, created_after=None, created_before=None, name=None,
                          instance_id_prefix=None, stuck=None, last_updated_after=None, last_updated_before=None,
                          output_file=None, include_history=False, include_payloads=False):
    """JSON Lines, one instance a line (its `show` shape, plus `history` when asked), written as read. Resumable:
    instances already in the file are skipped, so an interrupted export is re-run with the same arguments."""
    from azext_durabletask._instances import Selection, select_all
    selection = Selection(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                          stuck=stuck, updated_after=last_updated_after, updated_before=last_updated_before)
    done = _exported_ids(output_file) if output_file else set()
    written = skipped = 0
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        # pylint: disable-next=consider-using-with
        out = open(output_file, 'a', encoding='utf-8') if output_file else cmd.cli_ctx.out_file
        try:
            for listed in select_all(hub, selection):
                if listed.instanceId in done:
                    skipped += 1
                    continue
                # The instance's own read, as `show` does: a query may leave fields out (completion time).
                state = _find_state(hub, listed.instanceId, payloads=include_payloads)
                if state is None:
                    continue  # purged since it was listed
                record = _export_record(hub, state, include_history, include_payloads)
                out.write(json.dumps(record, ensure_ascii=False, separators=(',', ':')) + '\n')
                out.flush()  # a line is either whole or absent when interrupted
                written += 1
        finally:
            if output_file:
                out.close()
    if output_file:
        logger.warning('Exported %s orchestration(s) to %s%s.', written, output_file,
                       f' ({skipped} already there were skipped)' if skipped else '')


def _export_record(hub, state, include_history, include_payloads):
    record = state_to_dict(hub, state, payloads=include_payloads)
    if include_history:
        events = [event_to_dict(event) for event in _history(hub, state.instanceId)]
        if not include_payloads:
            for event in events:
                for field in _PAYLOAD_FIELDS:
                    event.pop(field, None)
        record['history'] = events
    return record


def _exported_ids(path):
    """Instance ids already in an export file; a last line cut short by an interruption is dropped."""
    import os
    done = set()
    if not os.path.exists(path):
        return done
    with open(path, 'r+', encoding='utf-8') as existing:
        good_end = 0
        for line in iter(existing.readline, ''):
            try:
                done.add(json.loads(line)['instanceId'])
            except (ValueError, KeyError, TypeError):
                break
            if not line.endswith('\n'):
                break
            good_end = existing.tell()
        existing.truncate(good_end)
    return done


# --- acting ---------------------------------------------------------------------------------------------------

def start_orchestration(cmd, name, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                        connection_string=None, input_value=None, instance_id=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if instance_id and _find_state(hub, instance_id) is not None:
            from azure.cli.core.azclierror import ValidationError
            error = ValidationError(f"Orchestration instance '{instance_id}' already exists in {hub.target}.")
            error.set_recommendation('Choose another --instance-id, or purge the old instance first: az durabletask '
                                     f'orchestration purge {hub.target.args} -i {instance_id} --yes')
            raise error
        new_id = hub.client.schedule_new_orchestration(name, input=input_value, instance_id=instance_id)
        return state_to_dict(hub, _get_state(hub, new_id, payloads=True), payloads=True)


# What each bulk action does to one instance, and the statuses it acts on (the others are skipped: already in the
# target state, or not in a state it applies to). A re-run after an interruption skips what was done.
_UNFINISHED = ('Running', 'Pending', 'Suspended', 'ContinuedAsNew')
_BULK_ACTIONS = {
    'terminate': ('Terminate', 'Terminating', _UNFINISHED),
    'suspend': ('Suspend', 'Suspending', ('Running', 'Pending', 'ContinuedAsNew')),
    'resume': ('Resume', 'Resuming', ('Suspended',)),
    'restart': ('Restart', 'Restarting', FINISHED_STATUSES),
    'rewind': ('Rewind', 'Rewinding', ('Failed',)),
    'raise-event': ('Raise the event to', 'Raising', _UNFINISHED),
    'purge': ('Purge', 'Purging', FINISHED_STATUSES),
}


def _bulk(cmd, verb, target, filters, act, *, dry_run, yes, max_concurrency):
    """Select by `filters` (Selection arguments), confirm once with the count, act with bounded parallelism, and
    return the summary. `act(hub, instance_id)` acts on one instance."""
    from collections import Counter
    from azure.cli.core.util import user_confirmation
    from azext_durabletask._instances import Selection, run_bulk, select_all
    title, label, acts_on = _BULK_ACTIONS[verb]
    selection = Selection(**filters)
    with task_hub_session(cmd, *target, writes=True) as hub:
        targets, skipped, first = [], Counter(), []
        for state in select_all(hub, selection):
            status = status_name(hub, state.orchestrationStatus)
            if status in acts_on:
                targets.append(state.instanceId)
                if len(first) < 10:
                    first.append(state_to_dict(hub, state))
            else:
                skipped[status] += 1
        if dry_run:
            return {'count': len(targets), 'skipped': dict(skipped), 'first': first}
        if not targets:
            logger.warning('No orchestration in %s to %s (%s selected, none %s).', hub.target, verb,
                           sum(skipped.values()), ' or '.join(acts_on))
            return _summary([], dict(skipped), [])
        user_confirmation(f'{title} {len(targets)} orchestration(s) in {hub.target}'
                          + (f' ({sum(skipped.values())} others selected are skipped: {_counts(skipped)})'
                             if skipped else '') + '?', yes)
        done, failed = run_bulk(targets, lambda instance_id: act(hub, instance_id), max_concurrency, label)
    if failed:
        logger.warning('%s of %s failed; run the same command again to retry only what is left.', len(failed),
                       len(targets))
    return _summary(done, dict(skipped), failed)


def _counts(counter):
    return ', '.join(f'{count} {status}' for status, count in sorted(counter.items()))


def _summary(done, skipped, failed):
    return {'done': len(done), 'skipped': skipped,
            'failed': [{'instanceId': instance_id, 'reason': reason} for instance_id, reason in failed]}


def _filters(status, created_after, created_before, *, name, instance_id_prefix, stuck, last_updated_after=None,
             last_updated_before=None):
    return {'statuses': status, 'created_after': created_after, 'created_before': created_before, 'name': name,
            'instance_id_prefix': instance_id_prefix, 'stuck': stuck, 'updated_after': last_updated_after,
            'updated_before': last_updated_before}


def raise_orchestration_event(cmd, event_name, *, instance_id=None, resource_group_name=None, scheduler_name=None,
                              task_hub_name=None, endpoint=None, connection_string=None, event_data=None, status=None,
                              created_after=None, created_before=None, name=None, instance_id_prefix=None, stuck=None,
                              last_updated_after=None, last_updated_before=None, dry_run=False, yes=False,
                              max_concurrency=8):
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)
    if instance_id is None:
        payload = json.dumps(event_data) if event_data is not None else None

        def act(hub, one):
            request = hub.pb.RaiseEventRequest(instanceId=one, name=event_name)
            if payload is not None:
                request.input.value = payload
            hub.stub.RaiseEvent(request)
        filters = _filters(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                           stuck=stuck, last_updated_after=last_updated_after, last_updated_before=last_updated_before)
        return _bulk(cmd, 'raise-event', target, filters, act, dry_run=dry_run, yes=yes,
                     max_concurrency=max_concurrency)
    with task_hub_session(cmd, *target, writes=True) as hub:
        if _warn_if_finished(hub, instance_id, 'the event is dropped'):
            return None
        hub.client.raise_orchestration_event(instance_id, event_name, data=event_data)
    return None


def _suspend_or_resume(cmd, verb, instance_id, target, filters, *, reason, dry_run, yes, max_concurrency):
    """One instance (-i; a finished one is left alone, with a warning) or every one the filters select."""
    def act(hub, one):
        getattr(hub.client, f'{verb}_orchestration')(one, reason=reason)
    if instance_id is None:
        return _bulk(cmd, verb, target, filters, act, dry_run=dry_run, yes=yes, max_concurrency=max_concurrency)
    with task_hub_session(cmd, *target, writes=True) as hub:
        if not _warn_if_finished(hub, instance_id, f'there is nothing to {verb}'):
            act(hub, instance_id)
    return None


def suspend_orchestration(cmd, *, instance_id=None, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                          endpoint=None, connection_string=None, reason=None, status=None, created_after=None,
                          created_before=None, name=None, instance_id_prefix=None, stuck=None, last_updated_after=None,
                          last_updated_before=None, dry_run=False, yes=False, max_concurrency=8):
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)
    filters = _filters(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                       stuck=stuck, last_updated_after=last_updated_after, last_updated_before=last_updated_before)
    return _suspend_or_resume(cmd, 'suspend', instance_id, target, filters, reason=reason, dry_run=dry_run, yes=yes,
                              max_concurrency=max_concurrency)


def resume_orchestration(cmd, *, instance_id=None, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                         endpoint=None, connection_string=None, reason=None, status=None, created_after=None,
                         created_before=None, name=None, instance_id_prefix=None, stuck=None, last_updated_after=None,
                         last_updated_before=None, dry_run=False, yes=False, max_concurrency=8):
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)
    filters = _filters(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                       stuck=stuck, last_updated_after=last_updated_after, last_updated_before=last_updated_before)
    return _suspend_or_resume(cmd, 'resume', instance_id, target, filters, reason=reason, dry_run=dry_run, yes=yes,
                              max_concurrency=max_concurrency)


def terminate_orchestration(cmd, *, instance_id=None, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                            endpoint=None, connection_string=None, reason=None, recursive=False, status=None,
                            created_after=None, created_before=None, name=None, instance_id_prefix=None, stuck=None,
                            last_updated_after=None, last_updated_before=None, dry_run=False, yes=False,
                            max_concurrency=8):
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)
    if instance_id is None:
        # The reason becomes the instance's output, as in every Durable Task SDK.
        filters = _filters(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                           stuck=stuck, last_updated_after=last_updated_after, last_updated_before=last_updated_before)
        return _bulk(cmd, 'terminate', target, filters,
                     lambda hub, one: hub.client.terminate_orchestration(one, output=reason, recursive=recursive),
                     dry_run=dry_run, yes=yes, max_concurrency=max_concurrency)
    with task_hub_session(cmd, *target, writes=True) as hub:
        if not _warn_if_finished(hub, instance_id, 'there is nothing to terminate'):
            hub.client.terminate_orchestration(instance_id, output=reason, recursive=recursive)
    return None


def restart_orchestration(cmd, *, instance_id=None, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                          endpoint=None, connection_string=None, new_instance_id=False, status=None,
                          created_after=None, created_before=None, name=None, instance_id_prefix=None,
                          last_updated_after=None, last_updated_before=None, dry_run=False, yes=False,
                          max_concurrency=8):
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)
    if instance_id is None:
        filters = _filters(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                           stuck=None, last_updated_after=last_updated_after, last_updated_before=last_updated_before)
        return _bulk(cmd, 'restart', target, filters,
                     lambda hub, one: hub.client.restart_orchestration(
                         one, restart_with_new_instance_id=new_instance_id),
                     dry_run=dry_run, yes=yes, max_concurrency=max_concurrency)
    with task_hub_session(cmd, *target, writes=True) as hub:
        state = _get_state(hub, instance_id)
        _require_finished(hub, state, 'restarted')
        restarted = hub.client.restart_orchestration(instance_id, restart_with_new_instance_id=new_instance_id)
        return state_to_dict(hub, _get_state(hub, restarted, payloads=True), payloads=True)


def rewind_orchestration(cmd, *, instance_id=None, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                         endpoint=None, connection_string=None, reason=None, status=None, created_after=None,
                         created_before=None, name=None, instance_id_prefix=None, last_updated_after=None,
                         last_updated_before=None, dry_run=False, yes=False, max_concurrency=8):
    """Rewind failed orchestrations: their failed activities run again and the orchestration continues."""
    if status and status != ['Failed']:
        from azure.cli.core.azclierror import InvalidArgumentValueError
        raise InvalidArgumentValueError('--status: only Failed orchestrations can be rewound; omit --status.')
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)

    def act(hub, one):
        request = hub.pb.RewindInstanceRequest(instanceId=one)
        if reason:
            request.reason.value = reason
        hub.stub.RewindInstance(request)
    if instance_id is None:
        return _bulk(cmd, 'rewind', target,
                     _filters(['Failed'], created_after, created_before, name=name,
                              instance_id_prefix=instance_id_prefix, stuck=None,
                              last_updated_after=last_updated_after, last_updated_before=last_updated_before),
                     act, dry_run=dry_run, yes=yes, max_concurrency=max_concurrency)
    with task_hub_session(cmd, *target, writes=True) as hub:
        state = _get_state(hub, instance_id)
        status = status_name(hub, state.orchestrationStatus)
        if status != 'Failed':
            from azure.cli.core.azclierror import ValidationError
            error = ValidationError(
                f"Orchestration '{instance_id}' is {status}: only a Failed orchestration can be rewound.")
            error.set_recommendation(
                f'Restart it instead: az durabletask orchestration restart {hub.target.args} -i {instance_id}'
                if status in FINISHED_STATUSES else
                f'Wait until it fails, or terminate it: az durabletask orchestration terminate {hub.target.args} '
                f'-i {instance_id}')
            raise error
        act(hub, instance_id)
        return state_to_dict(hub, _get_state(hub, instance_id, payloads=True), payloads=True)


# pylint: disable-next=too-many-locals
def purge_orchestrations(cmd, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                         connection_string=None, instance_id=None, status=None, created_after=None,
                         created_before=None, name=None, instance_id_prefix=None, last_updated_after=None,
                         last_updated_before=None, recursive=False, dry_run=False, yes=False, max_concurrency=8):
    from azure.cli.core.util import user_confirmation
    target = (resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string)
    if instance_id is None and (name or instance_id_prefix or last_updated_after or last_updated_before):
        # The service's filter purge has no name, prefix or update time: purge the selected ones one by one.
        filters = _filters(status, created_after, created_before, name=name, instance_id_prefix=instance_id_prefix,
                           stuck=None, last_updated_after=last_updated_after, last_updated_before=last_updated_before)
        summary = _bulk(cmd, 'purge', target, filters,
                        lambda hub, one: hub.client.purge_orchestration(one, recursive=recursive),
                        dry_run=dry_run, yes=yes, max_concurrency=max_concurrency)
        return summary if dry_run else {'deletedInstanceCount': summary['done'], 'isComplete': not summary['failed'],
                                        'failed': summary['failed']}
    with task_hub_session(cmd, *target, writes=True) as hub:
        if instance_id:
            state = _get_state(hub, instance_id)
            _require_finished(hub, state, 'purged')
            if dry_run:
                return {'count': 1, 'skipped': {}, 'first': [state_to_dict(hub, state)]}
            user_confirmation(f"Purge orchestration '{instance_id}' ({status_name(hub, state.orchestrationStatus)}) "
                              f"and its history from {hub.target}?", yes)
            result = hub.client.purge_orchestration(instance_id, recursive=recursive)
        else:
            if dry_run or not yes:
                from azext_durabletask._instances import Selection, select_all
                selection = Selection(status or FINISHED_STATUSES, created_after, created_before)
                first, count = [], 0
                for state in select_all(hub, selection):
                    count += 1
                    if len(first) < 10:
                        first.append(state_to_dict(hub, state))
                if dry_run:
                    return {'count': count, 'skipped': {}, 'first': first}
                if not count:
                    logger.warning('No finished orchestration in %s matches: nothing to purge.', hub.target)
                    return {'deletedInstanceCount': 0, 'isComplete': True}
                user_confirmation(f'Purge {count} finished orchestration(s) '
                                  f'({describe_filter(status, created_after, created_before)}) and their history '
                                  f'from {hub.target}?', yes)
            result = _purge_by_filter(hub, status, created_after, created_before, recursive)
    return {'deletedInstanceCount': result.deleted_instance_count, 'isComplete': result.is_complete}


# --- helpers --------------------------------------------------------------------------------------------------

def _purge_by_filter(hub, statuses, created_after, created_before, recursive):
    from durabletask.client import OrchestrationStatus  # pylint: disable=import-error
    return hub.client.purge_orchestrations_by(
        created_time_from=created_after, created_time_to=created_before,
        runtime_status=[OrchestrationStatus(status_value(hub.pb, status)) for status in statuses or []] or None,
        recursive=recursive)


def _find_state(hub, instance_id, payloads=False):
    response = hub.stub.GetInstance(hub.pb.GetInstanceRequest(instanceId=instance_id, getInputsAndOutputs=payloads))
    return response.orchestrationState if response.exists else None


def _get_state(hub, instance_id, payloads=False):
    state = _find_state(hub, instance_id, payloads)
    if state is None:
        from azure.cli.core.azclierror import ResourceNotFoundError
        error = ResourceNotFoundError(f"Orchestration instance '{instance_id}' was not found in {hub.target}.")
        error.set_recommendation(f'List its instances: az durabletask orchestration list {hub.target.args} -o table')
        raise error
    return state


def _warn_if_finished(hub, instance_id, consequence):
    """True (after a warning) when the instance has finished; fails when it does not exist."""
    state = _get_state(hub, instance_id)
    status = status_name(hub, state.orchestrationStatus)
    if status in FINISHED_STATUSES:
        logger.warning("Orchestration '%s' has already finished (%s): %s.", instance_id, status, consequence)
        return True
    return False


def _require_finished(hub, state, verb):
    status = status_name(hub, state.orchestrationStatus)
    if status not in FINISHED_STATUSES:
        from azure.cli.core.azclierror import ValidationError
        error = ValidationError(f"Orchestration '{state.instanceId}' is {status}: only a finished orchestration "
                                f"(Completed, Failed or Terminated) can be {verb}.")
        error.set_recommendation(
            f'Terminate it first: az durabletask orchestration terminate {hub.target.args} -i {state.instanceId}')
        raise error


def status_value(pb, name):
    """The protocol's enum value for an az status name ('Failed', 'ContinuedAsNew', ...)."""
    proto = next(key for key, value in STATUS_NAMES.items() if value == name)
    return pb.OrchestrationStatus.Value('ORCHESTRATION_STATUS_' + proto)


def status_name(hub, value):
    proto = hub.pb.OrchestrationStatus.Name(value)
    return STATUS_NAMES.get(proto[len('ORCHESTRATION_STATUS_'):], proto)


def sort_key(state):
    """Newest first; instance id breaks ties so pages never overlap or skip."""
    created = state.createdTimestamp
    return (-created.seconds, -created.nanos, _Descending(state.instanceId))


class _Descending(str):
    def __lt__(self, other):
        return str.__gt__(self, other)

    def __gt__(self, other):
        return str.__lt__(self, other)


def cursor_key(seconds, nanos, instance_id):
    """The sort key of the instance a page ended at (what `--next-token` encodes)."""
    return (-seconds, -nanos, _Descending(instance_id))


def encode_next_token(key, window=None):
    """An opaque token for the instance a page ended at (the next page starts right after it) and the width of the
    last creation-time window read (the next page starts with it)."""
    import base64
    text = json.dumps([-key[0], -key[1], str(key[2])] + ([int(window)] if window else []), separators=(',', ':'))
    return base64.urlsafe_b64encode(text.encode('utf-8')).decode('ascii').rstrip('=')


def describe_filter(status, created_after, created_before):
    parts = ['status ' + '/'.join(status)] if status else ['any finished status']
    if created_after:
        parts.append('created after ' + created_after.isoformat())
    if created_before:
        parts.append('created before ' + created_before.isoformat())
    return ', '.join(parts)


# --- output shapes (camelCase, like every az JSON output) -----------------------------------------------------

def _payload(value):
    """Payloads are JSON text on the wire: show them as JSON when they are, else as the text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _optional_string(message, field):
    return getattr(message, field).value if message.HasField(field) else None


def _time(message, field):
    return _timestamp_text(getattr(message, field)) if message.HasField(field) else None


def _timestamp_text(timestamp):
    """RFC 3339 (UTC), or None for the zero timestamp some backends leave in events they did not stamp."""
    return timestamp.ToJsonString() if (timestamp.seconds or timestamp.nanos) else None


def failure_to_dict(failure):
    if failure is None or not (failure.errorType or failure.errorMessage):
        return None
    return {
        'errorType': failure.errorType,
        'message': failure.errorMessage,
        'stackTrace': _optional_string(failure, 'stackTrace'),
        'innerFailure': failure_to_dict(failure.innerFailure) if failure.HasField('innerFailure') else None,
    }


def state_to_dict(hub, state, payloads=False):
    result = {
        'instanceId': state.instanceId,
        'name': state.name,
        'version': _optional_string(state, 'version'),
        'runtimeStatus': status_name(hub, state.orchestrationStatus),
        'createdAt': _time(state, 'createdTimestamp'),
        'lastUpdatedAt': _time(state, 'lastUpdatedTimestamp'),
        'completedAt': _time(state, 'completedTimestamp'),
        'scheduledStartAt': _time(state, 'scheduledStartTimestamp'),
        'executionId': _optional_string(state, 'executionId'),
        'parentInstanceId': _optional_string(state, 'parentInstanceId'),
        'customStatus': _payload(state.customStatus.value) if state.HasField('customStatus') else None,
        'failureDetails': failure_to_dict(state.failureDetails) if state.HasField('failureDetails') else None,
        'tags': dict(state.tags) or None,
    }
    if payloads:
        result['input'] = _payload(state.input.value) if state.HasField('input') else None
        result['output'] = _payload(state.output.value) if state.HasField('output') else None
    return result


# History fields that carry JSON payloads.
_PAYLOAD_FIELDS = ('input', 'result', 'output', 'data')


def event_to_dict(event):
    """A history event: id, time, type (e.g. TaskScheduled) and that type's fields, payloads as JSON."""
    from google.protobuf.json_format import MessageToDict  # pylint: disable=import-error
    kind = event.WhichOneof('eventType')
    details = MessageToDict(getattr(event, kind)) if kind else {}
    for field in _PAYLOAD_FIELDS:
        if isinstance(details.get(field), str):
            details[field] = _payload(details[field])
    result = {
        'eventId': event.eventId,
        'timestamp': _time(event, 'timestamp'),
        'eventType': (kind[0].upper() + kind[1:]) if kind else None,
    }
    result.update(details)
    return result
