/**
 * Every live resolver, in the order they are tried (the first whose handles() says yes reads the
 * action). The AWS resolver loads its SDK clients only when an AWS action needs a preview.
 */
import { awsResolver } from './aws';
import { filesResolver } from './files';
import { gitResolver } from './git';
import { helmResolver } from './helm';
import { kubernetesResolver } from './kubernetes';
import { kubectlApplyResolver } from './kubernetes-apply';
import { terraformResolver } from './terraform';
import type { Resolver } from './types';

export const resolvers: readonly Resolver[] = [awsResolver, terraformResolver, gitResolver, kubernetesResolver, kubectlApplyResolver, helmResolver, filesResolver];
