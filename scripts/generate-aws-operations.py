#!/usr/bin/env python3
"""Generate src/core/rules/aws/operations.generated.json from the service models botocore ships.

The AWS rule pack needs, for every CLI command `aws <service> <operation>`, whether it reads, writes or
destroys, and which flags name the resources it acts on. botocore holds the API models and awscli holds
the command table built from them (with its renames, removals and hand-written commands), so the table is
read from the installed awscli exactly as `aws` builds it, and nothing is copied by hand.

Usage: python3 scripts/generate-aws-operations.py [--out PATH]
Needs: the awscli v1 package (it brings botocore). Output is deterministic: sorted, no timestamps.
Verb-based classes are corrected at analysis time by src/core/rules/aws/overrides.ts, not here.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter

import awscli
import botocore
from awscli.clidriver import ServiceCommand, ServiceOperation, create_clidriver

DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'core', 'rules', 'aws', 'operations.generated.json'
)

# The first word of the CLI operation name decides its class; anything not listed writes.
READ_VERBS = {
    'describe', 'list', 'get', 'search', 'query', 'scan', 'head', 'check', 'validate', 'estimate', 'preview',
    'simulate', 'lookup', 'detect', 'evaluate', 'calculate', 'count', 'is', 'contains', 'classify', 'infer',
    'recognize', 'analyze', 'compare', 'predict', 'translate', 'geocode', 'autocomplete', 'suggest', 'view',
    'select', 'retrieve', 'rerank', 'filter', 'discover', 'probe', 'decode', 'download', 'assume', 'test',
    'batch-get', 'batch-describe', 'batch-list', 'batch-check', 'batch-evaluate', 'batch-detect',
    'admin-get', 'admin-list', 'transact-get', 'forecast', 'snap', 'optimize', 'resolve',
}
DESTROY_VERBS = {
    'delete', 'terminate', 'remove', 'purge', 'destroy', 'deregister', 'revoke', 'detach', 'disassociate',
    'dissociate', 'cancel', 'stop', 'reset', 'release', 'retire', 'evict', 'leave', 'forget', 'dispose',
    'discard', 'unpeer', 'undeploy', 'unlink', 'unsubscribe', 'unassign', 'deprovision', 'abort', 'close',
    'expire', 'unshare', 'unregister', 'batch-delete', 'batch-remove', 'batch-disassociate', 'batch-detach',
    'batch-revoke', 'batch-cancel', 'batch-stop', 'batch-terminate', 'admin-delete', 'admin-remove',
    'bulk-delete',
}
# Tags are metadata that can be put back: removing them changes, it does not destroy.
TAG_REMOVAL = re.compile(r'^(untag|remove-tags?|delete-tags?)(-|$)')
# `schedule-key-deletion`, `schedule-secret-deletion`: a delete that waits.
SCHEDULED_DELETION = re.compile(r'^schedule-.*-deletion$')

# Members that name the resources an operation acts on.
ID_SUFFIX = re.compile(r'(Id|Ids|ID|IDs|Name|Names|Arn|Arns|ARN|ARNs|Identifier|Identifiers|Url|URL)$')
ID_EXACT = {
    'Bucket', 'Key', 'Cluster', 'Service', 'Resource', 'Queue', 'Topic', 'Function', 'Table', 'Stack',
    'Repository', 'Secret', 'Role', 'User', 'Group', 'Name', 'Id', 'Arn', 'Identifier', 'Instance',
    'Services', 'Clusters', 'Tasks', 'Task', 'ContainerInstance', 'ContainerInstances', 'Domain',
}
# Members that end like identifiers but name an attribute, a session or a piece of data, not a resource.
NOT_ID = re.compile(
    r'(Attribute|Metric|Dimension|Token|Field|Column|Tag|Header|Variable|Claim|Algorithm|Language|Locale|'
    r'Country|Engine|Display|Friendly|Dns|DNS|Regex|Format|Mode|Status|State|Label|Code|Hash|Checksum|Owner|'
    r'AwsAccount|Client|Idempotency|Caller|Content|Encoding|Callback|Redirect|CreatorRequest|^Request|'
    r'Availability|TimeZone|Logical|Expression|^Type|^File|^Index|^Version|^Filter|^Query)(Name|Names|Id|Ids)$'
)
ID_TOKENS = {'Id', 'Ids', 'ID', 'IDs', 'Name', 'Names', 'Arn', 'Arns', 'ARN', 'ARNs', 'Identifier', 'Identifiers',
             'Url', 'URL'}
CAMEL = re.compile(r'[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+')


def words(name):
    return CAMEL.findall(name)


def singular(word):
    if word.endswith('ies'):
        return word[:-3] + 'y'
    if word.endswith('sses'):
        return word[:-2]
    if word.endswith('s') and not word.endswith('ss'):
        return word[:-1]
    return word


def classify(cli_op):
    """read / write / destroy from the CLI operation name alone."""
    if TAG_REMOVAL.match(cli_op):
        return 'write'
    if SCHEDULED_DELETION.match(cli_op):
        return 'destroy'
    parts = cli_op.split('-')
    for verb in ('-'.join(parts[:2]), parts[0]):
        if verb in DESTROY_VERBS:
            return 'destroy'
        if verb in READ_VERBS:
            return 'read'
    return 'write'


def identifying_flags(operation, arg_table):
    """CLI flags naming resources, `*`-suffixed when they name what the operation acts on (its object)
    rather than something it refers to (the KMS key of a new volume)."""
    shape = operation.input_shape
    if shape is None:
        return []
    required = set(shape.required_members)
    op_nouns = {singular(w) for w in words(operation.name)[1:]}
    by_member = {}
    for flag, arg in arg_table.items():
        member = getattr(arg, '_serialized_name', None) or getattr(arg, 'name', None)
        if getattr(arg, '_UNDOCUMENTED', False) or member is None:
            continue
        by_member.setdefault(member, flag)
    out = []
    for member, member_shape in shape.members.items():
        if member not in by_member:
            continue
        # Some models spell members camelCase (`clusterName`): judge the PascalCase form.
        pascal = member[0].upper() + member[1:]
        is_id = pascal in ID_EXACT or (ID_SUFFIX.search(pascal) and not NOT_ID.search(pascal))
        if not is_id:
            continue
        if member_shape.type_name not in ('string', 'list'):
            continue
        if member_shape.type_name == 'list' and getattr(member_shape.member, 'type_name', '') != 'string':
            continue
        tokens = [w for w in words(pascal) if w not in ID_TOKENS]
        head = singular(tokens[-1]) if tokens else None
        primary = member in required or head is None or head in op_nouns
        out.append(by_member[member] + ('*' if primary else ''))
    return sorted(out)


def s3_option_spec(s3_command):
    """Value-taking options of the hand-written `aws s3` commands: name → nargs (choices for optional values)."""
    spec = {}
    for name, sub in sorted(s3_command.subcommand_table.items()):
        for arg in sub.ARG_TABLE:
            if arg.get('positional_arg') or arg.get('action') in ('store_true', 'store_false'):
                continue
            nargs = arg.get('nargs')
            if nargs == '?':
                spec[arg['name']] = sorted(arg.get('choices') or [])
            else:
                spec[arg['name']] = nargs if nargs in ('+', 2) else 1
    return dict(sorted(spec.items()))


def build():
    driver = create_clidriver()
    table = driver._get_command_table()
    services = {}
    top_level_custom = []
    counts = Counter()
    for cli_name in sorted(table):
        command = table[cli_name]
        if not isinstance(command, ServiceCommand):
            top_level_custom.append(cli_name)
            continue
        api = command._service_name
        classes = {'read': [], 'write': [], 'destroy': []}
        custom = []
        sub_table = command._get_command_table()
        for op_name in sorted(sub_table):
            op = sub_table[op_name]
            if not isinstance(op, ServiceOperation):
                custom.append(op_name)
                continue
            cls = classify(op_name)
            counts[cls] += 1
            ids = identifying_flags(op._operation_model, op.arg_table)
            classes[cls].append(op_name + ('=' + ','.join(ids) if ids else ''))
        entry = {k: ' '.join(v) for k, v in classes.items() if v}
        if api != cli_name:
            entry['api'] = api
        if custom:
            entry['custom'] = ' '.join(custom)
        services[cli_name] = entry
    s3 = table['s3']
    summary = {
        'services': len(services),
        'operations': sum(counts.values()),
        **{k: counts[k] for k in ('read', 'write', 'destroy')},
    }
    return {
        'generated': 'by scripts/generate-aws-operations.py from the installed AWS CLI; do not edit, re-run it',
        'awscli': awscli.__version__,
        'botocore': botocore.__version__,
        'summary': summary,
        'topLevelCustom': ' '.join(top_level_custom),
        's3Custom': ' '.join(sorted(s3.subcommand_table)),
        's3Options': s3_option_spec(s3),
        'services': services,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=DEFAULT_OUT)
    out = os.path.abspath(parser.parse_args().out)
    data = build()
    text = json.dumps(data, sort_keys=True, separators=(',', ':'), ensure_ascii=True) + '\n'
    with open(out, 'w', encoding='utf-8') as f:
        f.write(text)
    s = data['summary']
    print(
        f"wrote {os.path.relpath(out)} ({len(text) // 1024} KiB): {s['services']} services, "
        f"{s['operations']} operations (read {s['read']}, write {s['write']}, destroy {s['destroy']}); "
        f"awscli {data['awscli']}, botocore {data['botocore']}",
        file=sys.stderr,
    )


if __name__ == '__main__':
    main()
