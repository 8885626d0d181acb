import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerRules } from '../../../src/core/rules/containers';
import { contextWith, simpleCommand, testContext } from '../support/command';
import { assertAction } from '../support/expect-action';

interface Want {
  effect: string;
  recoverable?: boolean;
  operation?: string;
  rule?: string;
  targets?: string[];
  many?: boolean;
  where?: string;
  note?: string;
  env?: Record<string, string>;
}

const cases: Array<[line: string, want: Want]> = [
  // Everyday reads
  ['docker ps', { effect: 'read', operation: 'ps' }],
  ['docker ps -a --format "{{.Names}}"', { effect: 'read' }],
  ['docker images', { effect: 'read' }],
  ['docker logs -f --tail 100 web', { effect: 'read', targets: ['docker://container/web'] }],
  ['docker inspect web', { effect: 'read' }],
  ['docker version', { effect: 'read' }],
  ['docker --version', { effect: 'read' }],
  ['docker info', { effect: 'read' }],
  ['docker stats --no-stream', { effect: 'read' }],
  ['docker top web', { effect: 'read' }],
  ['docker history node:20', { effect: 'read' }],
  ['docker network ls', { effect: 'read', operation: 'network ls' }],
  ['docker volume ls', { effect: 'read' }],
  ['docker container ls -a', { effect: 'read', operation: 'container ls' }],
  ['docker image ls', { effect: 'read' }],
  ['docker system df', { effect: 'read' }],
  ['docker compose ps', { effect: 'read', operation: 'compose ps' }],
  ['docker compose logs -f api', { effect: 'read' }],
  ['docker-compose config', { effect: 'read' }],
  ['docker run --help', { effect: 'read' }],
  ['docker exec web ls /app', { effect: 'read', rule: 'containers.container-exec-read' }],
  ['podman ps', { effect: 'read' }],
  ['nerdctl images', { effect: 'read' }],
  // Local, recoverable writes
  ['docker pull postgres:16', { effect: 'write', recoverable: true, targets: ['docker://image/postgres:16'] }],
  ['docker build -t app:dev .', { effect: 'write', recoverable: true, operation: 'build', targets: ['docker://image/app:dev'] }],
  ['docker buildx build --platform linux/amd64 -t app .', { effect: 'write', recoverable: true }],
  ['docker run --rm -it node:20 npm test', { effect: 'write', recoverable: true, targets: ['docker://image/node:20'], note: 'npm test' }],
  ['docker run -d --name db -p 5432:5432 -e POSTGRES_PASSWORD=x postgres:16', { effect: 'write', recoverable: true, targets: ['docker://container/db', 'docker://image/postgres:16'] }],
  ['docker run --rm -v $PWD:/app -w /app node:20 npm ci', { effect: 'write', recoverable: true }],
  ['docker run --rm -v ./data:/data alpine ls', { effect: 'write', recoverable: true }],
  ['docker start db', { effect: 'write', recoverable: true, targets: ['docker://container/db'] }],
  ['docker stop db', { effect: 'write', recoverable: true }],
  ['docker restart web', { effect: 'write', recoverable: true }],
  ['docker tag app:dev registry.example.com/app:1.2', { effect: 'write', recoverable: true, targets: ['docker://image/registry.example.com/app:1.2'] }],
  ['docker login ghcr.io', { effect: 'write', recoverable: true }],
  ['docker network create backend', { effect: 'write', recoverable: true, targets: ['docker://network/backend'] }],
  ['docker volume create pgdata', { effect: 'write', recoverable: true }],
  ['docker compose up -d', { effect: 'write', recoverable: true, targets: ['docker://compose/project'] }],
  ['docker compose up -d --build api', { effect: 'write', recoverable: true, targets: ['docker://compose/project/api'] }],
  ['docker-compose -p shop build', { effect: 'write', recoverable: true, targets: ['docker://compose/shop'] }],
  ['docker compose -f deploy/compose.yaml pull', { effect: 'write', recoverable: true, targets: ['docker://compose/deploy'] }],
  ['docker compose down', { effect: 'destroy', recoverable: true, many: true, rule: 'containers.compose-down' }],
  ['docker compose stop', { effect: 'write', recoverable: true }],
  // Not recoverable: shared state, data, risky mounts
  ['docker push registry.example.com/app:1.2', { effect: 'write', recoverable: false, targets: ['docker://image/registry.example.com/app:1.2'] }],
  ['docker buildx build --push -t org/app:latest .', { effect: 'write', recoverable: false, rule: 'containers.image-build-push' }],
  ['docker compose push', { effect: 'write', recoverable: false }],
  ['docker run --rm -v /:/host alpine chroot /host', { effect: 'write', recoverable: false, note: 'host root' }],
  ['docker run -v /var/run/docker.sock:/var/run/docker.sock docker:cli docker ps', { effect: 'write', recoverable: false, note: 'engine socket' }],
  ['docker run --privileged --pid=host alpine', { effect: 'write', recoverable: false, note: '--privileged' }],
  ['docker run --mount type=bind,source=/etc,target=/etc alpine', { effect: 'write', recoverable: false, note: '/etc' }],
  ['docker run --rm -v "$HOME/.ssh:/root/.ssh" alpine ls', { effect: 'write', recoverable: false, note: '/home/dev/.ssh read-write' }],
  ['docker run -v /etc:/etc:ro alpine cat /etc/hosts', { effect: 'write', recoverable: true, note: 'read-only' }],
  ['docker -H tcp://prod-host:2376 run -d nginx', { effect: 'write', recoverable: false, where: 'tcp://prod-host:2376', note: 'not this machine' }],
  ['docker --context prod-swarm compose up -d', { effect: 'write', recoverable: false, where: 'prod-swarm' }],
  ['docker run nginx', { effect: 'write', recoverable: false, env: { DOCKER_HOST: 'ssh://deploy@prod' } }],
  ['docker --context desktop-linux run --rm alpine true', { effect: 'write', recoverable: true }],
  // Destroy
  ['docker rm web', { effect: 'destroy', recoverable: false, targets: ['docker://container/web'], note: 'writable layer' }],
  ['docker rm -f web worker', { effect: 'destroy', recoverable: false, targets: ['docker://container/web', 'docker://container/worker'], note: '--force' }],
  ['docker container rm -fv db', { effect: 'destroy', note: 'anonymous volumes' }],
  ['docker kill web', { effect: 'destroy', recoverable: false }],
  ['docker rmi app:old', { effect: 'destroy', recoverable: true, targets: ['docker://image/app:old'] }],
  ['docker image rm -f $(docker images -q)', { effect: 'destroy', recoverable: true }],
  ['docker image prune -a', { effect: 'destroy', recoverable: true, many: true }],
  ['docker builder prune -af', { effect: 'destroy', recoverable: true, many: true, targets: ['docker://build-cache/*'] }],
  ['docker container prune -f', { effect: 'destroy', recoverable: false, many: true }],
  ['docker network prune', { effect: 'destroy', recoverable: true, many: true }],
  ['docker volume rm pgdata', { effect: 'destroy', recoverable: false, targets: ['docker://volume/pgdata'], note: 'data is lost' }],
  ['docker volume prune -f', { effect: 'destroy', recoverable: false, many: true }],
  ['docker system prune -af', { effect: 'destroy', recoverable: false, many: true }],
  ['docker system prune -a --volumes', { effect: 'destroy', recoverable: false, note: 'volumes and their data' }],
  ['docker compose down -v', { effect: 'destroy', recoverable: false, rule: 'containers.compose-down-volumes' }],
  ['docker compose down --volumes --rmi all', { effect: 'destroy', recoverable: false, note: '--rmi all' }],
  ['docker-compose rm -f', { effect: 'destroy', recoverable: true }],
  ['docker compose kill', { effect: 'destroy', recoverable: false }],
  ['podman system reset -f', { effect: 'destroy', recoverable: false, many: true }],
  ['podman pod rm -f mypod', { effect: 'destroy', targets: ['docker://pod/mypod'] }],
  ['nerdctl rm -f web', { effect: 'destroy', recoverable: false }],
  // What the pack cannot see
  ['docker exec -it db psql -U postgres', { effect: 'unknown', note: 'psql -U postgres' }],
  ['docker compose exec api sh', { effect: 'unknown' }],
  ['docker attach web', { effect: 'unknown' }],
  ['docker frobnicate', { effect: 'unknown' }],
  ['docker $CMD web', { effect: 'unknown' }],
];


for (const [line, want] of cases) {
  test([line, want.env && `env ${JSON.stringify(want.env)}`].filter(Boolean).join('  '), () => {
    const actions = containerRules.analyze(simpleCommand(line), contextWith(want.env));
    assert.equal(actions.length, 1);
    const [a] = actions;
    assert.equal(a.effect, want.effect, `effect (rule ${a.rule}, notes ${a.notes.join(' | ')})`);
    if (want.effect === 'read' || want.effect === 'unknown') assert.equal(a.recoverable, false);
    assertAction(a, want, line);
  });
}
